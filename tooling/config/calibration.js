/**
 * A fixed single-threaded JavaScript workload that every benchmark prints, so runs on different machines (or one
 * shared machine at different times: machines of one kind here differ by up to 3x between sessions, and one VM
 * by 2x within an hour) can be compared: 20,000 JSON round trips of a chat-message event, median of 5, in ms.
 */
export function calibration() {
  const event = {
    messageAdded: {
      id: '0196f0a4-7c1e-7d2a-9b3c-4d5e6f708192',
      conversationId: '3f1c2b4a-5d6e-4f70-8a9b-0c1d2e3f4a5b',
      seq: 4711,
      authorType: 'customer',
      authorId: null,
      body: 'x'.repeat(120),
      annotations: { sensitive: [], products: [{ sku: 'SKU-1', score: 0.93 }] },
      clientMessageId: '1001-4711',
      createdAt: '2026-11-27T04:39:32.123Z',
    },
  };
  const times = [];
  for (let run = 0; run < 5; run++) {
    const start = performance.now();
    let n = 0;
    for (let i = 0; i < 20_000; i++) n += JSON.parse(JSON.stringify(event)).messageAdded.seq;
    times.push(performance.now() - start);
    if (n !== 4711 * 20_000) throw new Error('calibration: wrong result');
  }
  times.sort((a, b) => a - b);
  return times[2];
}

/** The line every benchmark prints. */
export function calibrationLine() {
  return `calibration: ${calibration().toFixed(0)} ms for 20,000 JSON round trips of a message event on one core (median of 5; lower is faster: shared machines of one kind differ by up to 3x between sessions, compare runs by it)`;
}
