// The brief's rules for POST /jobs: the problems of a body, or an empty list.
function wholeNumber(value, min, max) {
  return Number.isInteger(value) && value >= min && value <= max;
}

function problems(body) {
  const found = [];
  if (typeof body !== 'object' || body === null) return ['the body must be a JSON object'];
  const { account, amount, receipt_ms: receiptMs = 0, fail_times: failTimes = 0 } = body;
  if (typeof account !== 'string' || account.length < 1 || account.length > 64) found.push('account: 1 to 64 characters');
  if (!wholeNumber(amount, 1, 1_000_000)) found.push('amount: a whole number from 1 to 1000000');
  if (!wholeNumber(receiptMs, 0, 5000)) found.push('receipt_ms: a whole number from 0 to 5000');
  if (!wholeNumber(failTimes, 0, 100)) found.push('fail_times: a whole number from 0 to 100');
  return found;
}

module.exports = { problems };
