# conformance.awk: the body of scripts/conformance (read that script first).
# Reads conditions.md (the file named by -v COND, given first) and then the
# test logs (BUILD/test-logs/{guest,host}.PROGRAM.log), and prints
# docs/conformance.md on stdout. POSIX awk: Debian's default awk is mawk.
#
# Variables (-v): COND the conditions file; STAMP the provenance line;
# MISSING the logs that were expected but absent (space-separated names);
# COUNT_ONLY=1 prints "SECTION-LETTER COUNT" lines and "total N" instead of
# the table.
#
# A test id names its row with a row token: the first dot-separated part of
# the id that is a row id in lower case, alone or followed by "_"
# ("connect.b4.econnrefused_blocking", "connect.udp.n3_connect_again").
# Its personality is a part equal to freebsd, darwin, illumos (or linux);
# with none it is linux. tests/guest/README.md states the convention.

BEGIN {
  NP = split("linux freebsd darwin illumos", PERSONA, " ")
  for (i = 1; i <= NP; i++) IS_PERSONA[PERSONA[i]] = 1
  PAGE_OF["linux"] = "LX"; PAGE_OF["freebsd"] = "FB"
  PAGE_OF["darwin"] = "DW"; PAGE_OF["illumos"] = "IL"
  RANK["PASS"] = 1; RANK["SKIP"] = 2; RANK["FAIL"] = 3
  NROWS = 0; NSEC = 0; NLOGS = 0; NUNM = 0; NUNM_PROGS = 0
}

function trim(s) { sub(/^[ \t]+/, "", s); sub(/[ \t]+$/, "", s); return s }

# The errnos a text names, in order, comma-separated ("" when none).
function errnos(text,   out, m) {
  out = ""
  while (match(text, /E[A-Z][A-Z]+/)) {
    m = substr(text, RSTART, RLENGTH)
    if (index(", " out ",", ", " m ",") == 0) out = out (out == "" ? "" : ", ") m
    text = substr(text, RSTART + RLENGTH)
  }
  return out
}

function clip(s, n) { return length(s) > n ? substr(s, 1, n - 1) "…" : s }

# A page cell, short: "EAGAIN (net.inet...)" -> "EAGAIN"; "(EAFNOSUPPORT)"
# stays in parentheses (only a broader sentence covers it); "—" stays.
function short_page(cell,   inner, e, head) {
  cell = trim(cell)
  gsub(/\*\*/, "", cell)
  if (cell == "" || cell ~ /^—/) return "—"
  if (cell ~ /^\(/) {
    inner = cell
    sub(/^\(/, "", inner); sub(/\)[^)]*$/, "", inner)
    return "(" (inner ~ /^E[A-Z]/ ? errnos(inner) : clip(inner, 30)) ")"
  }
  head = cell
  sub(/ \(.*$/, "", head); sub(/;.*$/, "", head)
  return head ~ /^E[A-Z]/ ? errnos(head) : clip(head, 30)
}

# The condition, short: parenthesized asides (" (...)") and what follows
# ":" or ";" dropped.
function short_condition(text) {
  text = trim(text)
  while (match(text, / \([^()]*\)/)) text = substr(text, 1, RSTART - 1) substr(text, RSTART + RLENGTH)
  sub(/ \(.*\)$/, "", text)  # one with a call inside: "(send() without address)"
  sub(/[:;].*$/, "", text)
  return clip(trim(text), 72)
}

function short_pages(text) {
  text = trim(text)
  gsub(/\*\*/, "", text)
  sub(/ \(.*$/, "", text)
  return text
}

# ---- conditions.md ----------------------------------------------------------

FILENAME == COND && /^##+ / {
  title = $0
  sub(/^##+ /, "", title)
  title_used = 0
  next
}

FILENAME == COND && /^\| *# *\|/ {
  ncol = split($0, head, "|")
  for (c = 1; c <= ncol; c++) COLUMN[trim(head[c])] = c
  next
}

FILENAME == COND && /^\| *[A-Z][0-9]+ *\|/ {
  n = split($0, cell, "|")
  row = trim(cell[2])
  if (!("Condition" in COLUMN) && !("Behaviour" in COLUMN)) {
    printf "conformance: %s:%d: row %s before a table header\n", COND, FNR, row > "/dev/stderr"
    BAD = 1
  }
  if (n != ncol) {
    printf "conformance: %s:%d: row %s has %d cells, its header %d\n", COND, FNR, row, n - 2, ncol - 2 > "/dev/stderr"
    BAD = 1
  }
  if (row in ROW_INDEX) {
    printf "conformance: %s:%d: row %s appears twice\n", COND, FNR, row > "/dev/stderr"
    BAD = 1
    next
  }
  if (!title_used) {
    NSEC++
    SEC_TITLE[NSEC] = title
    SEC_FIRST[NSEC] = NROWS + 1
    title_used = 1
  }
  NROWS++
  ROW_INDEX[row] = NROWS
  ROW_ID[NROWS] = row
  ROW_SEC[NROWS] = NSEC
  SEC_COUNT[NSEC]++
  condcol = ("Condition" in COLUMN) ? COLUMN["Condition"] : COLUMN["Behaviour"]
  ROW_COND[NROWS] = short_condition(cell[condcol])
  for (p = 1; p <= NP; p++) {
    page = PAGE_OF[PERSONA[p]]
    ROW_PAGE[NROWS, PERSONA[p]] = (page in COLUMN) ? short_page(cell[COLUMN[page]]) : "?"
  }
  # Mac OS X is the darwin personality too: say so where its page differs.
  # ("as Darwin" in the MX column says it is the same).
  if ("MX" in COLUMN) {
    mx = short_page(cell[COLUMN["MX"]])
    if (mx != ROW_PAGE[NROWS, "darwin"] && mx !~ /^as Darwin/)
      ROW_PAGE[NROWS, "darwin"] = ROW_PAGE[NROWS, "darwin"] " (MX: " mx ")"
  }
  ROW_PAGES[NROWS] = ("Pages" in COLUMN) ? short_pages(cell[COLUMN["Pages"]]) : ""
  next
}

FILENAME == COND { next }

# ---- the logs ---------------------------------------------------------------

FNR == 1 {
  NLOGS++
  base = FILENAME
  sub(/^.*\//, "", base)
  sub(/\.log$/, "", base)
  LOG_NAME[NLOGS] = base
  LOG_KIND[NLOGS] = base
  sub(/\..*$/, "", LOG_KIND[NLOGS])
  LOG_PROG[NLOGS] = substr(base, length(LOG_KIND[NLOGS]) + 2)
  LOG_VERDICT[NLOGS] = "no verdict (the run was cut short)"
  LOG_CASES[NLOGS] = 0
}

{ sub(/\r$/, "") }

/^# run-guest-test: / {
  LOG_VERDICT[NLOGS] = substr($0, length("# run-guest-test: ") + 1)
  next
}

/^(PASS|FAIL|SKIP) / {
  verdict = $1
  id = $2
  sub(/:$/, "", id)
  LOG_CASES[NLOGS]++
  kind = LOG_KIND[NLOGS]
  prog = LOG_PROG[NLOGS]
  parse_id(id)
  if (ID_ROW == "" || !(ID_ROW in ROW_INDEX)) {
    # Reported once per program and id (its personality part left out).
    if (!((prog, ID_BASE) in UNM_SEEN)) {
      UNM_SEEN[prog, ID_BASE] = 1
      NUNM++
      if (!(prog in UNM_COUNT)) UNM_PROGS[++NUNM_PROGS] = prog
      UNM_COUNT[prog]++
      UNM_LIST[prog] = UNM_LIST[prog] (UNM_LIST[prog] == "" ? "" : ", ") "`" ID_BASE "`" \
                       (ID_ROW == "" ? "" : " (row " ID_ROW " is not in conditions.md)")
    }
    next
  }
  r = ROW_INDEX[ID_ROW]
  if (!((r, ID_BASE) in CASE_SEEN)) {
    CASE_SEEN[r, ID_BASE] = 1
    NCASE[r]++
    CASE_BASE[r, NCASE[r]] = ID_BASE
  }
  key = kind SUBSEP ID_PERSONA SUBSEP r SUBSEP ID_BASE
  if (!(key in V) || RANK[verdict] > RANK[V[key]]) V[key] = verdict
  next
}

# Sets ID_ROW (upper case, "" when the id has no row token), ID_PERSONA and
# ID_BASE (the id without its personality part).
function parse_id(id,   n, part, i, tok) {
  n = split(id, part, ".")
  ID_ROW = ""
  ID_PERSONA = "linux"
  ID_BASE = ""
  for (i = 1; i <= n; i++) {
    if (i > 1 && (part[i] in IS_PERSONA)) {
      ID_PERSONA = part[i]
      continue
    }
    ID_BASE = ID_BASE (ID_BASE == "" ? "" : ".") part[i]
    if (ID_ROW == "" && part[i] ~ /^[a-z][0-9]+(_|$)/) {
      tok = part[i]
      sub(/_.*$/, "", tok)
      ID_ROW = toupper(tok)
    }
  }
}

# ---- the table --------------------------------------------------------------

# Counts the verdicts of row r for kind and persona into C_PASS, C_FAIL,
# C_SKIP; returns how many cases there are.
function count(kind, persona, r,   k, key) {
  C_PASS = C_FAIL = C_SKIP = 0
  for (k = 1; k <= NCASE[r]; k++) {
    key = kind SUBSEP persona SUBSEP r SUBSEP CASE_BASE[r, k]
    if (!(key in V)) continue
    if (V[key] == "PASS") C_PASS++
    else if (V[key] == "FAIL") C_FAIL++
    else C_SKIP++
  }
  return C_PASS + C_FAIL + C_SKIP
}

function summary(kind, persona, r,   n) {
  n = count(kind, persona, r)
  if (n == 0) return "—"
  if (C_FAIL) return "✗ " C_FAIL " of " n
  if (C_PASS) return "✓ " C_PASS (C_SKIP ? " (" C_SKIP " skip)" : "")
  return "skip " C_SKIP
}

# Adds row r's counts for (kind, persona) to the totals under column col.
function tally(col, kind, persona, r,   n) {
  n = count(kind, persona, r)
  T_PASS[col] += C_PASS; T_FAIL[col] += C_FAIL; T_SKIP[col] += C_SKIP
  if (n == 0) { T_NONE[col]++; NONE_LIST[col] = NONE_LIST[col] (NONE_LIST[col] == "" ? "" : ", ") ROW_ID[r] }
  else if (C_FAIL) T_FAILED[col]++
  else if (C_PASS) T_PASSED[col]++
  else T_SKIPPED[col]++
}

function letter(kind, persona, r, b,   key) {
  key = kind SUBSEP persona SUBSEP r SUBSEP b
  return (key in V) ? V[key] : "·"
}

END {
  if (BAD) exit 1
  if (COUNT_ONLY) {
    for (s = 1; s <= NSEC; s++) {
      first = ROW_ID[SEC_FIRST[s]]
      sub(/[0-9]+$/, "", first)
      print first, SEC_COUNT[s]
    }
    print "total", NROWS
    exit 0
  }
  if (NROWS == 0) {
    printf "conformance: no rows in %s\n", COND > "/dev/stderr"
    exit 1
  }

  print "# Conformance: connect() as the pages say, test by test"
  print ""
  print "<!-- Generated by scripts/conformance; do not edit by hand. Regenerate with"
  print "     `./tether conformance` (or `./tether conformance --no-run` from the logs of the last run). -->"
  print ""
  print "Generated by `scripts/conformance`, never edited by hand: run `./tether conformance`."
  print STAMP
  print ""
  print "Each row of `shared/spec/conditions.md` (the checklist of the five pages), with the errno"
  print "each personality's page gives (FB for freebsd, DW for darwin, with Mac OS X where its page"
  print "differs, LX for linux, IL for illumos; `(EXXX)`: only a broader sentence covers it; `—`: the"
  print "page is silent), and what the guest test run of Tether answered under that personality:"
  print "`✓ N` N cases passed, `✗ F of N` F of N cases failed, `skip N` every case skipped, `—` no"
  print "test case checks the row under that personality. **Linux host** is the same test binaries"
  print "run on the host's Linux kernel (the linux personality's cases only). A case is one test id"
  print "(PASS/FAIL/SKIP line); an id names its row with a row token (`connect.b4.…`,"
  print "`connect.udp.n3_…`), see `tests/guest/README.md`. The ids are listed per row further down."
  print ""

  for (s = 1; s <= NSEC; s++) {
    print "## " SEC_TITLE[s]
    print ""
    print "| # | Condition | Pages | linux | freebsd | darwin | illumos | Linux host |"
    print "|---|---|---|---|---|---|---|---|"
    for (r = SEC_FIRST[s]; r < SEC_FIRST[s] + SEC_COUNT[s]; r++) {
      line = "| " ROW_ID[r] " | " ROW_COND[r] " | " ROW_PAGES[r]
      for (p = 1; p <= NP; p++)
        line = line " | " ROW_PAGE[r, PERSONA[p]] " · " summary("guest", PERSONA[p], r)
      line = line " | " summary("host", "linux", r) " |"
      print line
    }
    print ""
  }

  # Totals, per column.
  for (r = 1; r <= NROWS; r++) {
    for (p = 1; p <= NP; p++) tally(p, "guest", PERSONA[p], r)
    tally(NP + 1, "host", "linux", r)
    any = 0
    for (p = 1; p <= NP; p++) if (count("guest", PERSONA[p], r)) any = 1
    if (!any) UNCOVERED = UNCOVERED (UNCOVERED == "" ? "" : "\n") "- **" ROW_ID[r] "** " ROW_COND[r]
  }
  print "## Totals"
  print ""
  print NROWS " rows (" NSEC " sections)."
  print ""
  print "| | linux | freebsd | darwin | illumos | Linux host |"
  print "|---|---|---|---|---|---|"
  printf "| rows with a test |"; for (c = 1; c <= NP + 1; c++) printf " %d |", NROWS - T_NONE[c]; print ""
  printf "| … every case passed |"; for (c = 1; c <= NP + 1; c++) printf " %d |", T_PASSED[c]; print ""
  printf "| … a case failed |"; for (c = 1; c <= NP + 1; c++) printf " %d |", T_FAILED[c]; print ""
  printf "| … every case skipped |"; for (c = 1; c <= NP + 1; c++) printf " %d |", T_SKIPPED[c]; print ""
  printf "| rows no test covers |"; for (c = 1; c <= NP + 1; c++) printf " %d |", T_NONE[c]; print ""
  printf "| cases: pass / fail / skip |"
  for (c = 1; c <= NP + 1; c++) printf " %d / %d / %d |", T_PASS[c], T_FAIL[c], T_SKIP[c]
  print ""
  print ""

  print "## Rows no test covers"
  print ""
  print "Under no personality:"
  print ""
  print (UNCOVERED == "" ? "- none" : UNCOVERED)
  print ""
  print "Per column:"
  print ""
  for (c = 1; c <= NP + 1; c++)
    print "- " (c <= NP ? PERSONA[c] : "Linux host") ": " (NONE_LIST[c] == "" ? "none" : NONE_LIST[c])
  print ""

  print "## Test cases by row"
  print ""
  print "Each id as the linux personality prints it; under freebsd, darwin and illumos it carries"
  print "that name as a suffix (`connect.a1.ebadf_closed.freebsd`). `·`: not run under that"
  print "personality."
  print ""
  print "| # | Test id | linux | freebsd | darwin | illumos | Linux host |"
  print "|---|---|---|---|---|---|---|"
  for (r = 1; r <= NROWS; r++) {
    for (k = 1; k <= NCASE[r]; k++) {
      b = CASE_BASE[r, k]
      line = "| " ROW_ID[r] " | `" b "`"
      for (p = 1; p <= NP; p++) line = line " | " letter("guest", PERSONA[p], r, b)
      print line " | " letter("host", "linux", r, b) " |"
    }
  }
  print ""

  print "## Test ids that name no row"
  print ""
  print "Cases of the conformance programs whose id has no row token (or names a row"
  print "conditions.md does not have), each once whatever its personality: they check"
  print "something around the rows (set-up, an ioctl, an event port) and are not counted above."
  print ""
  if (NUNM == 0) print "- none"
  for (u = 1; u <= NUNM_PROGS; u++) printf "- %s (%d): %s\n", UNM_PROGS[u], UNM_COUNT[UNM_PROGS[u]], UNM_LIST[UNM_PROGS[u]]
  print ""

  print "## Logs read"
  print ""
  print "| log | cases | harness verdict |"
  print "|---|---|---|"
  for (l = 1; l <= NLOGS; l++) printf "| %s | %d | %s |\n", LOG_NAME[l], LOG_CASES[l], LOG_VERDICT[l]
  nm = split(MISSING, miss, " ")
  for (m = 1; m <= nm; m++) printf "| %s | — | missing (not run) |\n", miss[m]

  # The gaps, also on stderr for whoever ran the generator.
  printf "conformance: %d rows; no test under any personality: %d; ids naming no row: %d\n", NROWS, split(UNCOVERED, tmp, "\n") * (UNCOVERED != ""), NUNM > "/dev/stderr"
}
