import t from 'tap';
import { SseParser } from '../../src/debug/sse-parser.js';

t.test('events split across chunks and line endings', async (t) => {
  const parser = new SseParser();
  const text =
    'retry: 2000\nevent: actors\ndata: {"a":1}\n\n: keep-alive\n\nid: 7\r\nevent: transition\r\ndata: x\r\ndata: y\r\n\r\ndata: plain\n\n';
  const seen = [];
  for (const chunk of text.match(/[\s\S]{1,3}/g) ?? []) seen.push(...parser.push(chunk));
  t.same(seen, [
    { event: 'actors', data: '{"a":1}', id: null },
    { event: 'transition', data: 'x\ny', id: '7' },
    { event: 'message', data: 'plain', id: '7' },
  ]);
});

t.test('a \\r\\n split between chunks is one line ending', async (t) => {
  const parser = new SseParser();
  t.same(parser.push('data: a\r'), []);
  t.same(parser.push('\ndata: b\r'), []);
  t.same(parser.push('\n\r\n'), [{ event: 'message', data: 'a\nb', id: null }]);
});
