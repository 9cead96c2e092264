// Topic aliases the broker sets up towards one MQTT 5 client (section 3.3.2.3.4): the first
// PUBLISH on a topic carries the topic and a new alias, later ones an empty topic and the
// alias. Aliases live as long as the connection [MQTT-3.3.2-7]; the client's Topic Alias
// Maximum bounds them [MQTT-3.3.2-9]. Once they are all taken, further topics go out in full.

export class OutboundAliases {
  readonly #byTopic = new Map<string, number>();

  constructor(private readonly maximum: number) {}

  /** The alias for `topic` and whether the client knows it yet; undefined when none is left. */
  aliasOf(topic: string): { alias: number; known: boolean } | undefined {
    const known = this.#byTopic.get(topic);
    if (known !== undefined) return { alias: known, known: true };
    if (this.#byTopic.size >= this.maximum) return undefined;
    return { alias: this.#byTopic.size + 1, known: false };
  }

  /** The PUBLISH that sets up `alias` for `topic` went out. */
  sent(topic: string, alias: number): void {
    this.#byTopic.set(topic, alias);
  }
}
