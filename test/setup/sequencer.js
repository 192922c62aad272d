// The fault scenarios stop and kill parts of the shared stack: they run after every other suite,
// in this order. The replicated-Kafka one is last of all: it swaps the stack's broker for a cluster.
const Sequencer = require('@jest/test-sequencer').default;

const LAST = ['faults.e2e-spec.ts', 'overload-faults.e2e-spec.ts', 'replicated-kafka-faults.e2e-spec.ts'];

class FaultsLast extends Sequencer {
  sort(tests) {
    const rank = (t) => LAST.findIndex((name) => t.path.endsWith(`/${name}`)) + 1; // 0: not a fault suite
    return [...tests].sort((a, b) => rank(a) - rank(b) || a.path.localeCompare(b.path));
  }
}

module.exports = FaultsLast;
