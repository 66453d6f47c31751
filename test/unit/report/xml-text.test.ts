import { describe, expect, it } from 'vitest';
import { attributeValue, cdataSection, tail, xmlSafe } from '../../../harness/report/xml-text.ts';

// Every character XML 1.0 forbids, one at a time: each must go, whatever else the text holds.
const forbidden = [
  ...Array.from({ length: 0x20 }, (_, code) => String.fromCharCode(code)).filter((c) => !['\t', '\n', '\r'].includes(c)),
  '\uFFFE',
  '\uFFFF',
  '\uD800',
  '\uDBFF',
  '\uDC00',
  '\uDFFF',
];

describe('xmlSafe', () => {
  it.each(forbidden.map((c) => [`U+${c.charCodeAt(0).toString(16).padStart(4, '0')}`, c]))('removes %s', (_name, c) => {
    expect(xmlSafe(`a${c}b`)).toBe('ab');
    expect(attributeValue(`a${c}b`)).toBe('ab');
  });

  it('keeps tabs, line ends, surrogate pairs and other text; removes ANSI escapes whole', () => {
    expect(xmlSafe('a\tb\nc\r\nd 😀 é & < > " ]]>')).toBe('a\tb\nc\r\nd 😀 é & < > " ]]>');
    expect(xmlSafe('\u001b[1;31mred\u001b[0m and \u001b(B')).toBe('red and (B');
  });
});

describe('attributeValue', () => {
  it('writes markup and the whitespace a parser would turn into spaces as references', () => {
    expect(attributeValue('a & b < c > d "e" \'f\'\tg\nh\ri 😀')).toBe('a &amp; b &lt; c > d &quot;e&quot; \'f\'&#x9;g&#xA;h&#xD;i 😀');
    expect(attributeValue('&amp; stays text')).toBe('&amp;amp; stays text');
  });
});

describe('cdataSection', () => {
  it('splits every ]]> so that no section ends inside the text', () => {
    expect(cdataSection(']]>a]]]>b]]>]]>')).toBe('<![CDATA[]]]]><![CDATA[>a]]]]]><![CDATA[>b]]]]><![CDATA[>]]]]><![CDATA[>]]>');
    expect(cdataSection('plain')).toBe('<![CDATA[plain]]>');
  });
});

describe('tail', () => {
  it('keeps the end of a long text and says how much was cut', () => {
    expect(tail('abcdef', 6)).toBe('abcdef');
    expect(tail('abcdef', 2)).toBe('[… 4 characters cut; the full text is in the subunit stream]\nef');
  });
});
