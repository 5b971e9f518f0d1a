import type { Counters, Direction } from '../../shared/contract';
import { emptyCounters } from '../../shared/contract';

/** Exact RX/TX byte and message counts: one per session and one per connection. */
export class CounterSet {
  private value: Counters = emptyCounters();

  add(direction: Direction, bytes: number) {
    if (direction === 'rx') {
      this.value.rxBytes += bytes;
      this.value.rxMessages += 1;
    } else {
      this.value.txBytes += bytes;
      this.value.txMessages += 1;
    }
  }

  reset() {
    this.value = emptyCounters();
  }

  snapshot(): Counters {
    return { ...this.value };
  }
}
