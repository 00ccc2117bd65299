/**
 * A small, strict XML well-formedness checker for the tests of the SVG and HTML writers: tags
 * balanced, one root, attributes quoted and not repeated, "<" never in text or attribute values,
 * "&" only in the five XML entities or a character reference (CDATA sections aside). The prolog may hold an XML
 * declaration, comments and a DOCTYPE. Throws an Error saying where on the first fault;
 * returns the element tree.
 */
export interface XmlElement {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: XmlElement[];
  /** Text directly inside the element, entities decoded. */
  text: string;
}

const NAME = /^[A-Za-z_:][\w.:-]*/;
const ENTITY = /^&(amp|lt|gt|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);/;

function decode(text: string, where: () => string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '<') throw new Error(`"<" in text or attribute at ${where()}`);
    if (c !== '&') {
      out += c;
      continue;
    }
    const m = ENTITY.exec(text.slice(i));
    if (!m) throw new Error(`bare "&" at ${where()}: ${JSON.stringify(text.slice(i, i + 12))}`);
    const e = m[1]!;
    out +=
      e === 'amp' ? '&' : e === 'lt' ? '<' : e === 'gt' ? '>' : e === 'quot' ? '"' : e === 'apos' ? "'"
        : String.fromCodePoint(e.startsWith('#x') ? parseInt(e.slice(2), 16) : Number(e.slice(1)));
    i += m[0].length - 1;
  }
  return out;
}

export function parseXml(xml: string): XmlElement {
  let i = 0;
  const where = (): string => {
    const line = xml.slice(0, i).split('\n').length;
    return `line ${line}, near ${JSON.stringify(xml.slice(i, i + 40))}`;
  };
  const stack: XmlElement[] = [];
  let root: XmlElement | null = null;
  while (i < xml.length) {
    const lt = xml.indexOf('<', i);
    const text = lt < 0 ? xml.slice(i) : xml.slice(i, lt);
    if (text !== '') {
      const decoded = decode(text, where);
      const parent = stack[stack.length - 1];
      if (parent) parent.text += decoded;
      else if (decoded.trim() !== '') throw new Error(`text outside the root element at ${where()}`);
    }
    if (lt < 0) break;
    i = lt;
    if (xml.startsWith('<![CDATA[', i)) {
      // Character data, taken as it is (the report's inlined review script).
      const end = xml.indexOf(']]>', i);
      if (end < 0) throw new Error(`unclosed CDATA section at ${where()}`);
      const parent = stack[stack.length - 1];
      if (!parent) throw new Error(`CDATA outside the root element at ${where()}`);
      parent.text += xml.slice(i + 9, end);
      i = end + 3;
    } else if (xml.startsWith('<!--', i)) {
      const end = xml.indexOf('-->', i);
      if (end < 0) throw new Error(`unclosed comment at ${where()}`);
      i = end + 3;
    } else if (xml.startsWith('<?', i)) {
      if (root || stack.length > 0) throw new Error(`processing instruction after the prolog at ${where()}`);
      const end = xml.indexOf('?>', i);
      if (end < 0) throw new Error(`unclosed processing instruction at ${where()}`);
      i = end + 2;
    } else if (xml.startsWith('<!DOCTYPE', i) || xml.startsWith('<!doctype', i)) {
      if (root || stack.length > 0) throw new Error(`DOCTYPE after the prolog at ${where()}`);
      const end = xml.indexOf('>', i);
      i = end + 1;
    } else if (xml.startsWith('</', i)) {
      const m = NAME.exec(xml.slice(i + 2));
      if (!m) throw new Error(`bad closing tag at ${where()}`);
      const open = stack.pop();
      if (!open || open.name !== m[0]) throw new Error(`closing </${m[0]}> does not match <${open?.name ?? '(none)'}> at ${where()}`);
      i += 2 + m[0].length;
      while (/\s/.test(xml[i] ?? '')) i++;
      if (xml[i] !== '>') throw new Error(`bad closing tag at ${where()}`);
      i++;
      if (stack.length === 0) root = open;
    } else {
      const m = NAME.exec(xml.slice(i + 1));
      if (!m) throw new Error(`bad tag at ${where()}`);
      if (root) throw new Error(`second root element at ${where()}`);
      const element: XmlElement = { name: m[0], attributes: {}, children: [], text: '' };
      i += 1 + m[0].length;
      const attributes: Record<string, string> = {};
      for (;;) {
        const space = /^\s*/.exec(xml.slice(i))![0].length;
        i += space;
        if (xml.startsWith('/>', i) || xml[i] === '>') break;
        if (space === 0) throw new Error(`attributes need white space between them at ${where()}`);
        const a = /^([A-Za-z_:][\w.:-]*)\s*=\s*("([^"]*)"|'([^']*)')/.exec(xml.slice(i));
        if (!a) throw new Error(`bad attribute at ${where()}`);
        if (a[1]! in attributes) throw new Error(`repeated attribute ${a[1]} at ${where()}`);
        attributes[a[1]!] = decode(a[3] ?? a[4] ?? '', where);
        i += a[0].length;
      }
      Object.assign(element.attributes, attributes);
      stack[stack.length - 1]?.children.push(element);
      if (xml.startsWith('/>', i)) {
        i += 2;
        if (stack.length === 0) root = element;
      } else {
        i += 1;
        stack.push(element);
      }
    }
  }
  if (stack.length > 0) throw new Error(`unclosed <${stack[stack.length - 1]!.name}> at the end`);
  if (!root) throw new Error('no root element');
  return root;
}

/** Every element below (and including) `root` that satisfies `test`, in document order. */
export function findAll(root: XmlElement, test: (e: XmlElement) => boolean): XmlElement[] {
  const out: XmlElement[] = [];
  const visit = (e: XmlElement): void => {
    if (test(e)) out.push(e);
    e.children.forEach(visit);
  };
  visit(root);
  return out;
}

/** Elements whose class attribute lists `name` (optionally of one tag name). */
export function byClass(root: XmlElement, name: string, tag?: string): XmlElement[] {
  return findAll(root, (e) => (tag === undefined || e.name === tag) && (e.attributes.class ?? '').split(/\s+/).includes(name));
}

/** All text below an element (its own text first, then its children's). */
export function allText(e: XmlElement): string {
  return e.text + e.children.map(allText).join('');
}
