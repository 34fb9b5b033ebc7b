/**
 * A consumer's timings from a message sent to its ack or nack, over its last 1000 messages, as
 * EventStoreDB reports them when a group has extra statistics (RequestStatistics.cs): whole
 * milliseconds, mean, median, fastest, quintiles, high percentiles and highest.
 */
export class RequestStatistics {
  private readonly window: number[] = [];

  constructor(private readonly size = 1000) {}

  observe(milliseconds: number): void {
    if (this.window.length >= this.size) this.window.shift();
    this.window.push(Math.floor(milliseconds));
  }

  measurements(): Array<[key: string, value: number]> {
    if (this.window.length === 0) return [];
    const items = [...this.window].sort((a, b) => a - b);
    const at = (percentile: number) => {
      const index = Math.floor((percentile / 100) * items.length);
      return items[index === items.length ? index - 1 : index];
    };
    const result: Array<[string, number]> = [
      ['Mean', Math.floor(items.reduce((a, b) => a + b, 0) / items.length)],
      ['Median', items[Math.floor(items.length / 2)]],
      ['Fastest', items[0]],
    ];
    for (let i = 0; i < 5; i++) result.push([`Quintile ${i + 1}`, at(i * 20)]);
    for (const p of [90, 95, 99, 99.5, 99.9]) result.push([`${p}%`, at(p)]);
    result.push(['Highest', items[items.length - 1]]);
    return result;
  }
}
