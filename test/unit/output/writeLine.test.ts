import { write } from '../../../src/output/writeLine';
import { textSink } from '../../helpers/textSink';

test('write ends what it writes with exactly one newline', () => {
  const out = textSink();
  write(out, 'one');
  write(out, 'two\n');
  write(out, '');
  expect(out.text()).toBe('one\ntwo\n\n');
});
