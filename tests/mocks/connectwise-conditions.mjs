// ConnectWise's condition language, as the two ConnectWise mocks read it (PSA `conditions=` and
// `childConditions=`, Automate `condition=`): `field op value` joined with `and`/`or`, grouped
// with parentheses; values are "double-quoted strings" (with \" and \\ escapes) or
// 'single-quoted' ones, numbers, true/false/null, and [dates]. Operators: = != < <= > >= like
// contains in not. String comparisons ignore case, like the SQL behind both products; `like`
// takes % wildcards. A syntax error throws ConditionError (each mock answers it as 400).

export class ConditionError extends Error {}

const OPERATORS = ['<=', '>=', '!=', '=', '<', '>'];
const WORD_OPERATORS = ['not like', 'like', 'contains', 'not in', 'in'];

function tokenize(text) {
  const tokens = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (/\s/.test(c)) { i++; continue; }
    if (c === '(' || c === ')' || c === ',') { tokens.push({ type: c }); i++; continue; }
    if (c === '"' || c === "'") {
      let value = '';
      i++;
      for (;;) {
        if (i >= text.length) throw new ConditionError('an unterminated string');
        const d = text[i];
        if (d === '\\' && i + 1 < text.length) { value += text[i + 1]; i += 2; continue; }
        if (d === c) { i++; break; }
        value += d;
        i++;
      }
      tokens.push({ type: 'value', value });
      continue;
    }
    if (c === '[') {
      const end = text.indexOf(']', i);
      if (end < 0) throw new ConditionError('an unterminated date');
      const raw = text.slice(i + 1, end);
      const time = Date.parse(raw);
      if (Number.isNaN(time)) throw new ConditionError(`${raw} is not a date`);
      tokens.push({ type: 'value', value: new Date(time) });
      i = end + 1;
      continue;
    }
    const op = OPERATORS.find((o) => text.startsWith(o, i));
    if (op) { tokens.push({ type: 'op', value: op }); i += op.length; continue; }
    const match = text.slice(i).match(/^[A-Za-z_][A-Za-z0-9_./]*|^-?\d+(\.\d+)?/);
    if (!match) throw new ConditionError(`unexpected ${c}`);
    const word = match[0];
    tokens.push({ type: 'word', value: word });
    i += word.length;
  }
  return tokens;
}

/** Parses a condition into a predicate over records (`get(record, path)` reads a field). */
export function parseConditions(text, get = fieldOf) {
  const tokens = tokenize(text);
  let at = 0;
  const peek = () => tokens[at];
  const isWord = (token, word) => token?.type === 'word' && token.value.toLowerCase() === word;

  function expression() {
    let left = term();
    while (isWord(peek(), 'and') || isWord(peek(), 'or')) {
      const joiner = tokens[at++].value.toLowerCase();
      const right = term();
      const l = left;
      left = joiner === 'and' ? (r) => l(r) && right(r) : (r) => l(r) || right(r);
    }
    return left;
  }

  function term() {
    const token = tokens[at++];
    if (!token) throw new ConditionError('a condition ends too early');
    if (token.type === '(') {
      const inner = expression();
      if (tokens[at++]?.type !== ')') throw new ConditionError('a missing )');
      return inner;
    }
    if (token.type !== 'word') throw new ConditionError(`a field name was expected, not ${JSON.stringify(token.value ?? token.type)}`);
    const field = token.value;
    const operator = readOperator();
    if (operator === 'in' || operator === 'not in') {
      if (tokens[at++]?.type !== '(') throw new ConditionError('in needs a list');
      const values = [];
      while (peek() && peek().type !== ')') {
        values.push(value());
        if (peek()?.type === ',') at++;
      }
      at++;
      return (r) => values.some((v) => compare(get(r, field), '=', v)) === (operator === 'in');
    }
    const operand = value();
    return (r) => compare(get(r, field), operator, operand);
  }

  function readOperator() {
    const token = tokens[at++];
    if (token?.type === 'op') return token.value;
    if (token?.type === 'word') {
      const word = token.value.toLowerCase();
      if (word === 'not' && tokens[at]?.type === 'word') {
        const next = tokens[at++].value.toLowerCase();
        return `not ${next}`;
      }
      if (WORD_OPERATORS.includes(word)) return word;
    }
    throw new ConditionError(`an operator was expected after a field`);
  }

  function value() {
    const token = tokens[at++];
    if (token?.type === 'value') return token.value;
    if (token?.type === 'word') {
      const word = token.value.toLowerCase();
      if (word === 'true') return true;
      if (word === 'false') return false;
      if (word === 'null') return null;
      if (/^-?\d+(\.\d+)?$/.test(word)) return Number(word);
    }
    throw new ConditionError(`a value was expected, not ${JSON.stringify(token?.value ?? token?.type ?? 'the end')}`);
  }

  const predicate = expression();
  if (at !== tokens.length) throw new ConditionError(`unexpected ${JSON.stringify(tokens[at].value ?? tokens[at].type)} after a complete condition`);
  return predicate;
}

/** A field by `a/b` (PSA) or `a.b` (Automate) path; an array on the way matches any element. */
export function fieldOf(record, path) {
  const keys = path.split(/[/.]/);
  const walk = (value, index) => {
    if (index === keys.length) return [value];
    if (Array.isArray(value)) return value.flatMap((item) => walk(item, index));
    if (value === null || typeof value !== 'object') return [undefined];
    const key = Object.keys(value).find((k) => k.toLowerCase() === keys[index].toLowerCase());
    return walk(key === undefined ? undefined : value[key], index + 1);
  };
  const found = walk(record, 0);
  return found.length === 1 ? found[0] : { anyOf: found };
}

function compare(actual, operator, expected) {
  if (actual && typeof actual === 'object' && Array.isArray(actual.anyOf)) {
    return actual.anyOf.some((one) => compare(one, operator, expected));
  }
  if (operator === 'like' || operator === 'not like' || operator === 'contains') {
    if (typeof actual !== 'string') return operator === 'not like';
    const pattern = operator === 'contains'
      ? `.*${escapeRegex(String(expected))}.*`
      : String(expected).split('%').map(escapeRegex).join('.*');
    const matched = new RegExp(`^${pattern}$`, 'is').test(actual);
    return operator === 'not like' ? !matched : matched;
  }
  let a = actual;
  let b = expected;
  if (b instanceof Date) {
    a = Date.parse(actual);
    b = b.getTime();
  } else if (typeof a === 'string' && typeof b === 'string') {
    a = a.toLowerCase();
    b = b.toLowerCase();
  } else if (typeof b === 'number' && typeof a === 'string' && /^-?\d+(\.\d+)?$/.test(a)) {
    a = Number(a);
  }
  switch (operator) {
    case '=': return a === b || (a == null && b == null);
    case '!=': return a !== b;
    case '<': return a < b;
    case '<=': return a <= b;
    case '>': return a > b;
    case '>=': return a >= b;
    default: throw new ConditionError(`unknown operator ${operator}`);
  }
}

const escapeRegex = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
