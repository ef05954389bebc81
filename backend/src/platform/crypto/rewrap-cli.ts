import { rewrapCommand } from './rewrap-command';

rewrapCommand(process.env, (line) => console.log(line)).then(
  (code) => (process.exitCode = code),
  (e) => {
    console.error(e instanceof Error ? e.message : e);
    process.exitCode = 2;
  },
);
