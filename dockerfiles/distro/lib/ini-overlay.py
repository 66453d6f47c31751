#!/usr/bin/python3
"""Overlay an ini fragment (read from stdin) onto an ini file: each `key = value` of the fragment
replaces that key's lines in that section of the file (or is added right after the section's
header, or in a new section at the end). Comments and everything else in the file are kept.

Usage: ini-overlay FILE < fragment
"""
import re
import sys

SECTION = re.compile(r'^\s*\[([^\]]+)\]\s*$')
KEY = re.compile(r'^\s*([^#;=\s][^=]*?)\s*=')


def parse_fragment(text):
    section, entries = None, []
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith(('#', ';')):
            continue
        header = SECTION.match(line)
        if header:
            section = header.group(1).strip()
            continue
        if section is None or '=' not in line:
            sys.exit(f'ini-overlay: cannot place line {raw!r} (no section, or no "=")')
        key, value = line.split('=', 1)
        entries.append((section, key.strip(), value.strip()))
    return entries


def overlay(lines, entries):
    for section, key, value in entries:
        start = end = None
        for i, line in enumerate(lines):
            header = SECTION.match(line)
            if header:
                if start is not None and end is None:
                    end = i
                if header.group(1).strip() == section and start is None:
                    start = i
        if start is None:
            if lines and lines[-1].strip():
                lines.append('')
            lines += [f'[{section}]', f'{key} = {value}']
            continue
        end = len(lines) if end is None else end
        body = [i for i in range(start + 1, end) if (m := KEY.match(lines[i])) and m.group(1) == key]
        if body:
            lines[body[0]] = f'{key} = {value}'
            for i in reversed(body[1:]):
                del lines[i]
        else:
            lines.insert(start + 1, f'{key} = {value}')
    return lines


def main():
    path = sys.argv[1]
    try:
        with open(path) as handle:
            lines = handle.read().splitlines()
    except FileNotFoundError:
        lines = []
    lines = overlay(lines, parse_fragment(sys.stdin.read()))
    with open(path, 'w') as handle:
        handle.write('\n'.join(lines) + '\n')


if __name__ == '__main__':
    main()
