import t from 'tap';
import {
  formatGrpcTimeout,
  grpcStatusOf,
  parseGrpcTimeout,
  percentEncoded,
  statusOnlyHeaders,
  withoutPseudoHeaders,
} from '../../src/relay/grpc-wire.js';

t.test('grpc-timeout values are read in every unit, and malformed ones are no deadline', async (t) => {
  t.equal(parseGrpcTimeout('2H'), 7_200_000);
  t.equal(parseGrpcTimeout('3M'), 180_000);
  t.equal(parseGrpcTimeout('5S'), 5_000);
  t.equal(parseGrpcTimeout('250m'), 250);
  t.equal(parseGrpcTimeout('1500u'), 1.5);
  t.equal(parseGrpcTimeout('2000000n'), 2);
  for (const bad of [undefined, '', '5', 's5', '123456789m', '5x', ['5S']]) {
    t.equal(parseGrpcTimeout(bad), undefined, `${JSON.stringify(bad)} is not a deadline`);
  }
});

t.test('grpc-timeout values are written in at most 8 digits, rounded up, and read back', async (t) => {
  t.equal(formatGrpcTimeout(99.2), '100m');
  t.equal(formatGrpcTimeout(-5), '0m', 'a deadline already past is 0');
  t.equal(formatGrpcTimeout(99_999_999), '99999999m');
  t.equal(formatGrpcTimeout(100_000_000), '100000S');
  t.equal(formatGrpcTimeout(1e11 + 1), '1666667M');
  t.equal(formatGrpcTimeout(1e15), '99999999H', 'capped at what 8 digits of hours say');
  for (const ms of [1, 999, 86_400_000, 1e10]) {
    const back = parseGrpcTimeout(formatGrpcTimeout(ms)) as number;
    t.ok(back >= ms && back - ms < Math.max(1, ms * 0.01), `${ms} ms round-trips to ${back}`);
  }
});

t.test(
  'grpc-message keeps printable ASCII and percent-encodes the rest, as gRPC clients decode it',
  async (t) => {
    t.equal(
      percentEncoded('daemon did not answer /x.Task/Kill within 0.4 s'),
      'daemon did not answer /x.Task/Kill within 0.4 s',
    );
    t.equal(percentEncoded('100% é\n'), '100%25 %C3%A9%0A');
    t.equal(decodeURIComponent(percentEncoded('a%b ü\t')), 'a%b ü\t');
  },
);

t.test('a status-only answer and the headers passed between hops', async (t) => {
  t.same(statusOnlyHeaders(14, 'gone: 100%'), {
    ':status': 200,
    'content-type': 'application/grpc',
    'grpc-status': '14',
    'grpc-message': 'gone: 100%25',
  });
  t.equal(grpcStatusOf({ 'grpc-status': '5' }), 5);
  t.equal(grpcStatusOf({ 'grpc-status': 'x' }), undefined);
  t.equal(grpcStatusOf({}), undefined);
  t.equal(grpcStatusOf(undefined), undefined);
  t.same(withoutPseudoHeaders({ ':path': '/a', ':status': '200', 'containerd-namespace': 'k8s.io' }), {
    'containerd-namespace': 'k8s.io',
  });
});
