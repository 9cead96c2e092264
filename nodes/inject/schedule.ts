// When an inject node fires by itself: once after start, then every `repeat` seconds or on a
// cron schedule (Node-RED starts the repeat only after the "once" message).
import { Cron } from 'croner';
import { errorMessage, NodeConfigError } from '#node-api';

/** Node's timers take at most 2^31-1 ms. */
export const MAX_TIMER_S = 2147483;

export interface ScheduleConfig {
  once: boolean;
  /** Seconds; 0 means Node-RED's default of 0.1 s, giving the rest of the flow time to start. */
  onceDelay: number;
  /** Seconds; 0 = no repeat. */
  repeat: number;
  /** Standard 5-field cron, or 6 fields with seconds first; '' = none. */
  crontab: string;
}

export interface Schedule {
  stop(): void;
}

/** Whether the node fires by itself at all: most inject nodes wait for the button. */
export function hasSchedule(config: ScheduleConfig): boolean {
  return config.once || config.repeat > 0 || config.crontab.trim() !== '';
}

/** Validates the schedule at deploy (a bad crontab throws a NodeConfigError) and starts it. */
export function startSchedule(config: ScheduleConfig, fire: () => void): Schedule {
  const pattern = config.crontab.trim();
  if (pattern && config.repeat > 0) throw new NodeConfigError('Set either repeat or crontab, not both', '/crontab');
  let cron: Cron | undefined;
  if (pattern) {
    try {
      // Paused until the schedule starts; day-of-month and day-of-week OR-ed like classic cron.
      cron = new Cron(pattern, { paused: true, mode: '5-or-6-parts', domAndDow: false }, fire);
    } catch (err) {
      throw new NodeConfigError(`Invalid crontab "${pattern}": ${errorMessage(err)}`, '/crontab');
    }
  }
  let interval: NodeJS.Timeout | undefined;
  const repeat = () => {
    if (config.repeat > 0) interval = setInterval(fire, config.repeat * 1000);
    else cron?.resume();
  };
  let onceTimer: NodeJS.Timeout | undefined;
  if (config.once) {
    onceTimer = setTimeout(() => {
      onceTimer = undefined;
      fire();
      repeat();
    }, (config.onceDelay || 0.1) * 1000);
  } else {
    repeat();
  }
  return {
    stop() {
      clearTimeout(onceTimer);
      clearInterval(interval);
      cron?.stop();
    },
  };
}
