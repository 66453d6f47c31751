# dockenstack's ini primitives, with the observable behaviour of DevStack's inc/ini-config that
# local.conf merges rely on: `key = value` lines, a new key placed right after its section's
# header, a missing section appended at the end, and the value's whitespace collapsed (it passes
# through an unquoted echo). Unlike DevStack, a `*` in a value is not expanded to file names.

_ini_section_has() {  # FILE SECTION
  grep -q "^\[$2\]" "$1" 2>/dev/null
}

inidelete() {  # FILE SECTION OPTION
  local file=$1 section=$2 option=$3
  [[ -f $file ]] || return 0
  awk -v s="[$section]" -v o="$option" '
    /^\[/ { insec = ($0 == s) }
    insec { line = $0; sub(/[ \t]*=.*/, "", line); if (line == o) next }
    { print }' "$file" > "$file.tmp.$$" && cat "$file.tmp.$$" > "$file" && rm -f "$file.tmp.$$"
}

_ini_insert_after_header() {  # FILE SECTION LINE
  local file=$1 section=$2 line=$3
  if ! _ini_section_has "$file" "$section"; then
    printf '\n[%s]\n' "$section" >> "$file"
  fi
  LINE=$line awk -v s="[$section]" '
    { print }
    $0 == s && !done { print ENVIRON["LINE"]; done = 1 }' "$file" > "$file.tmp.$$" && cat "$file.tmp.$$" > "$file" && rm -f "$file.tmp.$$"
}

_ini_collapse() {  # the unquoted-echo whitespace collapse, without glob expansion
  local restore_glob=0
  [[ $- == *f* ]] || { set -f; restore_glob=1; }
  # shellcheck disable=SC2086
  echo $1
  ((restore_glob)) && set +f
  return 0
}

iniset() {  # FILE SECTION OPTION VALUE
  local file=$1 section=$2 option=$3 value
  value=$(_ini_collapse "$4")
  [[ -f $file ]] || touch "$file"
  if _ini_section_has "$file" "$section" && awk -v s="[$section]" -v o="$option" '
      /^\[/ { insec = ($0 == s) }
      insec { line = $0; sub(/[ \t]*=.*/, "", line); if (line == o) found = 1 }
      END { exit !found }' "$file"; then
    LINE="$option = $value" awk -v s="[$section]" -v o="$option" '
      /^\[/ { insec = ($0 == s) }
      insec { line = $0; sub(/[ \t]*=.*/, "", line); if (line == o) { print ENVIRON["LINE"]; next } }
      { print }' "$file" > "$file.tmp.$$" && cat "$file.tmp.$$" > "$file" && rm -f "$file.tmp.$$"
  else
    _ini_insert_after_header "$file" "$section" "$option = $value"
  fi
}

iniadd_literal() {  # FILE SECTION OPTION VALUE
  _ini_insert_after_header "$1" "$2" "$3 = $(_ini_collapse "$4")"
}
