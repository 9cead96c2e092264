// A fixed one-second window: take() says whether one more event fits; what doesn't is counted
// and reported once per window that had drops.
export class RateLimit {
  private used = 0;
  private dropped = 0;
  private timer?: NodeJS.Timeout;
  private report: (dropped: number) => void = () => undefined;

  constructor(private readonly perSecond: number) {}

  take(): boolean {
    this.timer ??= setInterval(() => this.rollOver(), 1000).unref();
    if (this.used < this.perSecond) {
      this.used++;
      return true;
    }
    this.dropped++;
    return false;
  }

  onDropped(report: (dropped: number) => void): void {
    this.report = report;
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private rollOver(): void {
    if (this.dropped) this.report(this.dropped);
    if (this.used === 0) this.stop(); // idle: no timer until the next event
    this.used = 0;
    this.dropped = 0;
  }
}
