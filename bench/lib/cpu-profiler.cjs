// Preloaded (NODE_OPTIONS=--require) into a service instance the bench profiles.
// `--cpu-prof` writes nothing here: Nest's shutdown hook re-raises SIGTERM and the
// process dies by the signal. So the bench starts and stops the V8 profiler through
// two marker files instead: <BENCH_CPU_PROFILE>.start, then <BENCH_CPU_PROFILE>.stop.
'use strict';
const fs = require('node:fs');
const inspector = require('node:inspector');

const out = process.env.BENCH_CPU_PROFILE;
if (out) {
  const session = new inspector.Session();
  session.connect();
  const post = (method, params) =>
    new Promise((resolve, reject) => session.post(method, params, (err, res) => (err ? reject(err) : resolve(res))));
  let state = 'idle';
  const timer = setInterval(async () => {
    try {
      if (state === 'idle' && fs.existsSync(`${out}.start`)) {
        state = 'starting';
        await post('Profiler.enable');
        await post('Profiler.setSamplingInterval', { interval: 500 });
        await post('Profiler.start');
        state = 'running';
      } else if (state === 'running' && fs.existsSync(`${out}.stop`)) {
        state = 'stopping';
        const { profile } = await post('Profiler.stop');
        fs.writeFileSync(`${out}.tmp`, JSON.stringify(profile));
        fs.renameSync(`${out}.tmp`, out);
        state = 'done';
        clearInterval(timer);
      }
    } catch (error) {
      process.stderr.write(`bench cpu profiler: ${error.message}\n`);
    }
  }, 100);
  timer.unref();
}
