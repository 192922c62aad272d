// The fault scenarios stop and kill parts of the shared stack: they run after every other suite.
const Sequencer = require('@jest/test-sequencer').default;

class FaultsLast extends Sequencer {
  sort(tests) {
    const isFaults = (t) => t.path.endsWith('faults.e2e-spec.ts');
    const sorted = [...tests].sort((a, b) => a.path.localeCompare(b.path));
    return [...sorted.filter((t) => !isFaults(t)), ...sorted.filter(isFaults)];
  }
}

module.exports = FaultsLast;
