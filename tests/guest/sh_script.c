/* sh_script: Tether's /bin/sh running script files.
 *
 * Each case writes a small script to /tmp/sh_script.PID/, runs
 * `/bin/sh script.sh` with stdout and stderr going to a file, and compares
 * that file and the exit status with what POSIX sh gives: `;` and newlines,
 * pipelines (status of the last command), `&&` and `||`, `$?`, `VAR=value
 * cmd` (for that command only), shell versus exported variables,
 * redirections `>`, `>>`, `<`, `2>`, `2>&1`, `>&2`, `<>`, `>|` with `set -C`, status 127 for a
 * missing command, quoting, comments, `exit N`, script arguments,
 * `sh -c`, background `&` with `wait` and `wait PID`, pathname expansion
 * (sh.glob_*), `case` with `;&` and `;;&` (sh.case_*), field splitting by IFS and `read`
 * (sh.ifs_*, sh.read_*), `set -u`/`set -o` (sh.set_*), `local`
 * (sh.local_*) and `trap` with `-p`, `-l` (sh.trap_*). The tools.* cases
 * are scripts too: each runs the file tools a student uses first (ls -l,
 * cat -n, mkdir -p, ln -s, cp, mv, chmod, stat, wc, head, grep, id, env...)
 * and checks their output, their error message and exit status 1 (as
 * coreutils prints them: "cat: /nonexistent: No such file or directory").
 *
 * Sources: POSIX XCU 2 "Shell Command Language" (2.9.1 simple commands and
 * variable assignments, 2.9.2 pipelines, 2.9.3 lists, 2.7 redirection,
 * 2.5.2 special parameters, 2.8.2 exit status 127, 2.2 quoting, 2.6.6
 * pathname expansion, 2.9.4.3 case, 2.14 trap). The glob, case and trap
 * cases give dash's output, except where this shell follows bash (a
 * redirection target is expanded: "ambiguous redirect") or its own style
 * (`trap` lists with '\'' as `export` does; messages start "sh: ").
 *
 * On Linux, /bin/sh is not Tether's, so the cases SKIP there. For checking
 * the expected texts themselves, `sh_script --shell PATH` runs them with
 * any shell (e.g. dash, or Tether's sh built for the host).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tether_test.h"
#include "tether_util.h"

static const char *shell = "/bin/sh";

struct sh_case {
  const char *id;
  const char *script;
  const char *expected; /* stdout and stderr together */
  int status;
  const char *args[3]; /* script arguments, NULL-terminated */
  bool stdout_only;    /* stderr to /dev/null (a shell may report a signal there) */
};

static const struct sh_case cases[] = {
    {"sh.semicolon_and_newline_sequence", "echo one; echo two\necho three\n", "one\ntwo\nthree\n", 0, {NULL}, false},
    {"sh.pipeline", "echo piped | cat\necho a | cat | cat | cat\n", "piped\na\n", 0, {NULL}, false},
    {"sh.pipeline_status_is_last_command", "false | true; echo s=$?\ntrue | false; echo s=$?\n", "s=0\ns=1\n", 0,
     {NULL}, false},
    {"sh.and_or_lists",
     "true && echo t1\nfalse && echo no1\nfalse || echo f1\ntrue || echo no2\n"
     "false || false || echo f2\ntrue && false || echo mixed\n",
     "t1\nf1\nf2\nmixed\n", 0, {NULL}, false},
    {"sh.status_variable", "false; echo s=$?\ntrue; echo s=$?\nsh -c 'exit 7'; echo s=$?\necho s=$?\n",
     "s=1\ns=0\ns=7\ns=0\n", 0, {NULL}, false},
    {"sh.assignment_before_command_only_for_it", "VAR=value sh -c 'echo in:$VAR'\necho out:[$VAR]\n",
     "in:value\nout:[]\n", 0, {NULL}, false},
    {"sh.shell_variable_exported_only_on_export",
     "X=shellvar; echo $X\nsh -c 'echo child:[$X]'\nexport X\nsh -c 'echo exported:[$X]'\n",
     "shellvar\nchild:[]\nexported:[shellvar]\n", 0, {NULL}, false},
    {"sh.redirect_output_truncates", "echo first > f\ncat f\necho second > f\ncat f\n", "first\nsecond\n", 0, {NULL}, false},
    {"sh.redirect_append", "echo a > g\necho b >> g\ncat g\n", "a\nb\n", 0, {NULL}, false},
    {"sh.redirect_input", "echo from-file > h\ncat < h\n", "from-file\n", 0, {NULL}, false},
    {"sh.redirect_stderr",
     "sh -c 'echo err >&2' 2> e\necho out\ncat e\nsh -c 'echo both >&2' 2>&1 | cat\necho to-stderr >&2\n",
     "out\nerr\nboth\nto-stderr\n", 0, {NULL}, false},
    {"sh.missing_command_127", "nosuchcommand_tether 2>/dev/null; echo s=$?\n", "s=127\n", 0, {NULL}, false},
    {"sh.quoting", "echo \"a   b\" 'c   d' e   f\nX=1; echo \"$X\" '$X'\necho a\\ b\n", "a   b c   d e f\n1 $X\na b\n",
     0, {NULL}, false},
    {"sh.comments", "echo a # not printed\n# a whole line\necho b\n", "a\nb\n", 0, {NULL}, false},
    {"sh.exit_status_of_script", "true\nexit 3\necho unreachable\n", "", 3, {NULL}, false},
    {"sh.script_status_is_last_command", "true\nfalse\n", "", 1, {NULL}, false},
    {"sh.killed_command_status_128_plus_signal", "sh -c 'kill -9 $$'; echo s=$?\n", "s=137\n", 0, {NULL}, true},
    {"sh.cd_builtin", "cd /; pwd\ncd /tmp && pwd\n", "/\n/tmp\n", 0, {NULL}, false},
    {"sh.script_arguments", "echo $# $1 $2\n", "2 x y\n", 0, {"x", "y", NULL}, false},
    /* Job control builtins in a script (no terminal, so no process groups):
     * jobs sees a job stopped by kill -STOP, bg continues it, fg continues
     * one and waits for it. */
    {"sh.jobs_bg_stopped_job",
     "sleep 10 &\nkill -STOP $!\njobs\nbg %1\njobs\nkill $!\nwait\necho s=$?\n",
     "[1]+  Stopped                 sleep 10\n[1]+ sleep 10 &\n[1]+  Running                 sleep 10\ns=0\n", 0, {NULL},
     false},
    {"sh.fg_continues_stopped_job", "sh -c 'exit 5' &\nsleep 1 &\nkill -STOP $!\nfg %2\necho s=$?\nfg\necho s=$?\n",
     "sleep 1\ns=0\nsh -c 'exit 5'\ns=5\n", 0, {NULL}, false},
    /* Job IDs (POSIX XBD 3.204): %% and %+ the current job, %- the previous
     * one ('-' in jobs), %string and %?string by command text; kill takes
     * them too (the shell gives the kill utility the job's pids). */
    {"sh.job_ids_current_previous",
     "sleep 10 &\nsleep 11 &\njobs\nkill %-\nwait %1\necho s=$?\nkill %%\nwait %+\necho s=$?\n",
     "[1]-  Running                 sleep 10\n[2]+  Running                 sleep 11\ns=143\ns=143\n", 0, {NULL},
     false},
    {"sh.job_ids_by_command_text",
     "sleep 10 &\nsh -c 'exit 3' &\nwait %sh\necho s=$?\nkill %?lee\nwait %sl\necho s=$?\nkill %9\necho s=$?\n"
     "sleep 10 &\nsleep 12 &\nwait %sleep\necho s=$?\nkill %1 %2\nwait\necho s=$?\n",
     "s=3\ns=143\nsh: kill: %9: no such job\ns=1\nsh: wait: %sleep: ambiguous job\ns=127\ns=0\n", 0, {NULL},
     false},
    {"sh.dash_c_with_arguments", "sh -c 'echo $0:$1:$2' zero one two\nsh -c 'exit 4'; echo s=$?\n",
     "zero:one:two\ns=4\n", 0, {NULL}, false},
    {"sh.background_and_wait", "sh -c 'echo bg' > bgout &\nwait\necho w=$?\ncat bgout\n", "w=0\nbg\n", 0, {NULL},
     false},
    {"sh.wait_pid_after_job_ended", "sh -c 'exit 3' &\np=$!\nsleep 1\nwait $p\necho s=$?\n", "s=3\n", 0, {NULL},
     false},
    {"sh.wait_pid_of_killed_job", "sleep 10 &\np=$!\nkill $p\nwait $p\necho s=$?\n", "s=143\n", 0, {NULL}, false},
    {"sh.script_file_not_found_127", "sh ./no_such_script.sh 2>/dev/null; echo s=$?\n", "s=127\n", 0, {NULL}, false},

    /* Pathname expansion (XCU 2.6.6, 2.13): each case in a directory of
     * its own, as the scratch directory also holds other cases' files. */
    {"sh.glob_star_sorted", "mkdir g1 && cd g1 && touch b.c a.c B.c x.h\necho *.c\necho ?.h [ab].c\n",
     "B.c a.c b.c\nx.h a.c b.c\n", 0, {NULL}, false},
    {"sh.glob_no_match_stays", "mkdir g2 && cd g2\necho *.zz nothing?here [x]y\n", "*.zz nothing?here [x]y\n", 0,
     {NULL}, false},
    {"sh.glob_quoted_no_expand", "mkdir g3 && cd g3 && touch a.c\necho \"*.c\" '*.c' \\*.c \"a\"* a\"*\"\n",
     "*.c *.c *.c a.c a*\n", 0, {NULL}, false},
    {"sh.glob_unquoted_var_expands", "mkdir g4 && cd g4 && touch a.c b.c\nv='*.c'\necho $v\necho \"$v\"\n",
     "a.c b.c\n*.c\n", 0, {NULL}, false},
    {"sh.glob_hidden_needs_dot", "mkdir g5 && cd g5 && touch .h.c a.c\necho *.c\necho .*.c\n", "a.c\n.h.c\n", 0,
     {NULL}, false},
    {"sh.glob_in_directories", "mkdir -p g6/d/s1 g6/d/s2 && cd g6 && touch d/s1/x.c d/s2/y.c\necho d/*/*.c\necho d/*/\n",
     "d/s1/x.c d/s2/y.c\nd/s1/ d/s2/\n", 0, {NULL}, false},
    {"sh.glob_fields_not_resplit", "mkdir g7 && cd g7 && touch 'x y.c' z.c\nfor f in *.c; do echo \"<$f>\"; done\n",
     "<x y.c>\n<z.c>\n", 0, {NULL}, false},
    {"sh.glob_rm_pattern", "mkdir g8 && cd g8 && touch t1 t2 u\nrm t*\necho *\n", "u\n", 0, {NULL}, false},
    {"sh.glob_redirect_target", "mkdir g9 && cd g9 && touch only.txt\necho hi > o*\ncat only.txt\n", "hi\n", 0,
     {NULL}, false},
    {"sh.glob_ambiguous_redirect", "mkdir g10 && cd g10 && touch a1 a2\necho hi > a*\necho s=$?\n",
     "sh: a*: ambiguous redirect\ns=1\n", 0, {NULL}, false},

    /* case (XCU 2.9.4.3): patterns as fnmatch(3) without flags. */
    {"sh.case_pattern_alternatives",
     "for w in a.c b.h Makefile; do case $w in *.c|*.h) echo src:$w;; M*) echo make:$w;; esac; done\n",
     "src:a.c\nsrc:b.h\nmake:Makefile\n", 0, {NULL}, false},
    {"sh.case_first_match_wins", "case abc in a*) echo first;; *c) echo second;; esac\n", "first\n", 0, {NULL},
     false},
    {"sh.case_no_match_status_0", "false\ncase x in y) echo no;; esac\necho s=$?\n", "s=0\n", 0, {NULL}, false},
    {"sh.case_quoted_pattern_literal",
     "case '*' in \"*\") echo star;; esac\ncase x in \"*\") echo bad;; '?') echo bad;; *) echo other;; esac\n"
     "p='x*'\ncase xyz in $p) echo unquoted;; esac\ncase xyz in \"$p\") echo bad;; *) echo quoted;; esac\n",
     "star\nother\nunquoted\nquoted\n", 0, {NULL}, false},
    {"sh.case_brackets_and_multiline",
     "case 7 in\n  ([0-9])\n    echo digit\n    ;;\n  *) echo other\nesac\ncase b in [!a]) ;; esac\necho s=$?\n",
     "digit\ns=0\n", 0, {NULL}, false},
    /* ;& and ;;& as bash (dash 0.5.12 has neither; POSIX 2024 has ;&). */
    {"sh.case_fall_through",
     "case a in a) echo 1;& b) echo 2;& c) echo 3;; d) echo 4;; esac\ncase x in\n  x) echo nl\n  ;&\n  y) echo fell\n"
     "  ;;\nesac\ncase x in x) echo last;& esac; echo s=$?\n",
     "1\n2\n3\nnl\nfell\nlast\ns=0\n", 0, {NULL}, false},
    {"sh.case_continue_testing", "case ab in a*) echo 1;;& c) echo no;;& *b) echo 2;;& *) echo 3;; *) echo no;; esac\n",
     "1\n2\n3\n", 0, {NULL}, false},
    {"sh.case_body_status", "case a in a) false;; esac\necho s=$?\n", "s=1\n", 0, {NULL}, false},

    /* Field splitting by IFS (XCU 2.6.5): fields() prints its arguments
     * as [a][b], so empty fields show. */
    {"sh.ifs_default_splitting",
     "fields() { for a; do printf '[%s]' \"$a\"; done; echo; }\nx=' a  b\tc\n d '\nfields $x\nfields x$x\"\"\n",
     "[a][b][c][d]\n[x][a][b][c][d][]\n", 0, {NULL}, false},
    {"sh.ifs_custom_delimiter",
     "fields() { for a; do printf '[%s]' \"$a\"; done; echo; }\nIFS=:\np=/bin:/usr/bin::/sbin:\nfields $p\n"
     "for d in $p; do echo \"<$d>\"; done\nfields \"$p\"\n",
     "[/bin][/usr/bin][][/sbin]\n</bin>\n</usr/bin>\n<>\n</sbin>\n[/bin:/usr/bin::/sbin:]\n", 0, {NULL}, false},
    {"sh.ifs_white_space_around_delimiter",
     "fields() { for a; do printf '[%s]' \"$a\"; done; echo; }\nIFS=' :'\nx=' a : b ::c '\nfields $x\nx=' :a'\n"
     "fields $x\ny=':b'\nfields x$y\n",
     "[a][b][][c]\n[][a]\n[x][b]\n", 0, {NULL}, false},
    {"sh.ifs_empty_no_splitting", "fields() { for a; do printf '[%s]' \"$a\"; done; echo; }\nIFS=\nx='a b:c'\nfields $x\n"
     "unset IFS\nfields $x\n",
     "[a b:c]\n[a][b:c]\n", 0, {NULL}, false},
    {"sh.ifs_joins_dollar_star", "set -- a b c\nIFS=,\necho \"$*\"\nv=$@; echo \"$v\"\nIFS=\necho \"$*\"\nunset IFS\necho \"$*\"\n",
     "a,b,c\na,b,c\nabc\na b c\n", 0, {NULL}, false},
    {"sh.ifs_default_value",
     "IFS=y sh -c 'case \"$IFS\" in y) echo ifs=from-env;; *) echo ifs=reset;; esac'\n"
     "case \"$IFS\" in ' \t\n') echo ifs=default;; *) echo ifs=other;; esac\n",
     "ifs=reset\nifs=default\n", 0, {NULL}, false},
    {"sh.read_splits_by_ifs",
     "printf 'root:x:0:0\\n' | { IFS=: read name pw uid rest; echo \"$name/$uid/$rest\"; }\ncase \"$IFS\" in ' \t\n') echo ifs=default;; *) echo ifs=other;; esac\n"
     "printf '  a  b  \\n' | { read x y; echo \"[$x][$y]\"; }\nprintf '  a  b  \\n' | { IFS= read -r l; echo \"[$l]\"; }\n",
     "root/0/0\nifs=default\n[a][b]\n[  a  b  ]\n", 0, {NULL}, false},
    {"sh.read_last_gets_rest",
     "r() { printf '%s\\n' \"$1\" | { IFS=: read a b; echo \"[$a][$b]\"; }; }\nr x:y:z:\nr x:y:\nr x:y::\nr x\n"
     "printf 'a\\\\:b:c\\n' | { IFS=: read a b; echo \"[$a][$b]\"; }\nprintf 'one two three\\n' | { read a b; echo \"[$a][$b]\"; }\n",
     "[x][y:z:]\n[x][y]\n[x][y::]\n[x][]\n[a:b][c]\n[one][two three]\n", 0, {NULL}, false},
    {"sh.assignment_before_builtin",
     "IFS=, read a b <<EOF\n1,2\nEOF\necho \"$a $b\"\ncase \"$IFS\" in ' \t\n') echo ifs=default;; *) echo ifs=other;; esac\nx=kept :\necho $x\n",
     "1 2\nifs=default\nkept\n", 0, {NULL}, false},

    /* set -u and set -o (XCU set): as dash. */
    {"sh.set_u_unset_variable_exits_2", "set -u\necho ${x-default} ${x+alt}[\"$@\"]$*\necho $x\necho not reached\n",
     "default []\nsh: x: parameter not set\n", 2, {NULL}, false},
    {"sh.set_u_in_command_substitution", "set -u\nx=$(echo $nosuch)\necho s=$? x=[$x]\nset +u\necho [$nosuch]\n"
     "sh -c 'set -o nounset; echo ${#y}'; echo s=$?\n",
     "sh: nosuch: parameter not set\ns=2 x=[]\n[]\nsh: y: parameter not set\ns=2\n", 0, {NULL}, false},
    {"sh.set_o_names", "set -o errexit -o xtrace\nset +x\nset -o\nset +o\nset -eux; set +eux; set +o\n"
     "set -o nosuch; echo s=$?\n",
     "+ set +x\nCurrent option settings\nerrexit         on\nnoclobber       off\nnounset         off\n"
     "xtrace          off\npipefail        off\nset -o errexit\nset +o noclobber\nset +o nounset\nset +o xtrace\n"
     "set +o pipefail\n+ set +eux\nset +o errexit\nset +o noclobber\nset +o nounset\nset +o xtrace\nset +o pipefail\n"
     "sh: set: nosuch: unknown option name (Tether's sh knows errexit noclobber nounset xtrace pipefail)\ns=2\n", 0,
     {NULL}, false},
    {"sh.set_e_by_name_exits", "set -o errexit\ntrue\nfalse\necho not reached\n", "", 1, {NULL}, false},
    {"sh.parameter_error_exits_2", "echo ${x?}\necho not reached\n", "sh: x: parameter not set\n", 2, {NULL}, false},

    /* local: dynamic scope, as dash (a function it calls sees the local). */
    {"sh.local_restored_after_function",
     "x=global\nf() { local x; echo \"f:[$x]\"; x=local; g; local y=1 z; }\ng() { echo \"g:[$x]\"; }\nf\n"
     "echo \"after:[$x][${y-unset}][${z-unset}]\"\n",
     "f:[global]\ng:[local]\nafter:[global][unset][unset]\n", 0, {NULL}, false},
    {"sh.local_recursion_and_return",
     "r() { local n=$1; [ \"$n\" -gt 0 ] && r $((n - 1)); echo n=$n; }\nr 2\necho \"[${n-unset}]\"\n"
     "m() { local p=1; return 3; }\nm; echo \"s=$? [${p-unset}]\"\nu() { local x=in; unset x; echo \"[${x-unset}]\"; }\n"
     "x=out; u; echo $x\n",
     "n=0\nn=1\nn=2\n[unset]\ns=3 [unset]\n[unset]\nout\n", 0, {NULL}, false},
    {"sh.local_exported_stays_exported", "export e=1\nh() { local e=2; sh -c 'echo in:$e'; }\nh\nsh -c 'echo out:$e'\n",
     "in:2\nout:1\n", 0, {NULL}, false},
    {"sh.local_value_not_split", "v='a  b'\nk() { local w=$v; echo \"[$w]\"; export q=$v; echo \"[$q]\"; }\nk\n",
     "[a  b]\n[a  b]\n", 0, {NULL}, false},
    {"sh.local_outside_function", "local x=1\necho s=$? x=[$x]\n", "sh: local: not in a function\ns=2 x=[]\n", 0,
     {NULL}, false},

    /* <> opens read-write (fd 0 by default), creating the file; set -C. */
    {"sh.redirect_read_write",
     "echo abc > f\nexec 3<>f\nread -r l <&3\necho \"$l\"\necho new >&3\nexec 3>&-\ncat f\necho hi 1<>rw_new\ncat rw_new\n"
     "cat <>rw_new\necho longer > h\necho 2 1<>h\ncat h\n",
     "abc\nabc\nnew\nhi\nhi\n2\nnger\n", 0, {NULL}, false},
    {"sh.noclobber_and_override",
     "set -C\necho a > nc\necho b > nc\necho s=$?\ncat nc\necho c >| nc\ncat nc\necho d > /dev/null; echo s=$?\n"
     "set +o noclobber\necho e > nc\ncat nc\n",
     "sh: nc: File exists\ns=1\na\nc\ns=0\ne\n", 0, {NULL}, false},

    /* trap (XCU 2.14, trap). */
    /* ulimit changes the shell's own limits, which its commands inherit. */
    {"sh.ulimit_set_print_inherited", "ulimit -n 64\nulimit -n\nulimit -Hn\nsh -c 'ulimit -n'\n", "64\n64\n64\n", 0,
     {NULL}, false},
    {"sh.ulimit_soft_only", "ulimit -Sn 32\nulimit -n\nulimit -Hn\n", "32\n1024\n", 0, {NULL}, false},
    {"sh.ulimit_enforced_in_child", "echo hi > f\nsh -c 'ulimit -n 3; cat f'; echo s=$?\n",
     "cat: f: Too many open files\ns=1\n", 0, {NULL}, false},
    {"sh.ulimit_units_and_default", "ulimit -s 1024\nulimit -s\nulimit\nulimit -f 10\nulimit\n",
     "1024\nunlimited\n10\n", 0, {NULL}, false},
    {"sh.ulimit_errors", "ulimit -n abc; echo s=$?\nulimit -z; echo s=$?\n",
     "sh: ulimit: abc: invalid number\ns=1\nsh: ulimit: -z: invalid option\n"
     "usage: ulimit [-H|-S] [-a | -cdefilmnqrstuvx [VALUE]]\ns=2\n", 0, {NULL}, false},
    {"sh.ulimit_raise_hard_as_user_eperm", "runas 1000 sh -c 'ulimit -n 100; ulimit -n 2000; echo s=$?'\n",
     "sh: ulimit: open files: cannot modify limit: Operation not permitted\ns=1\n", 0, {NULL}, false},
    {"sh.pipefail_last_failing_status",
     "set -o pipefail\nfalse | true; echo s=$?\n(exit 3) | (exit 4) | true; echo s=$?\ntrue | true; echo s=$?\n"
     "! false | true; echo s=$?\nset +o pipefail\nfalse | true; echo s=$?\n",
     "s=1\ns=4\ns=0\ns=0\ns=0\n", 0, {NULL}, false},
    {"sh.set_euo_pipefail_stops", "set -euo pipefail\necho start\nfalse | true\necho not reached\n", "start\n", 1,
     {NULL}, false},
    {"sh.trap_exit_runs", "trap 'echo bye' EXIT\necho main\n", "main\nbye\n", 0, {NULL}, false},
    {"sh.trap_exit_keeps_status", "trap 'echo in trap: $?' EXIT\nexit 3\n", "in trap: 3\n", 3, {NULL}, false},
    {"sh.trap_signal_runs", "trap 'echo got USR1' USR1\nkill -USR1 $$\necho after\n", "got USR1\nafter\n", 0,
     {NULL}, false},
    {"sh.trap_ignore", "trap '' TERM\nkill -TERM $$\necho survived\nsh -c 'kill -TERM $$; echo child survived'\n",
     "survived\nchild survived\n", 0, {NULL}, false},
    {"sh.trap_reset_to_default", "sh -c 'trap \"echo caught\" TERM; trap - TERM; kill -TERM $$; echo no'\necho s=$?\n",
     "s=143\n", 0, {NULL}, true},
    {"sh.trap_list", "trap 'echo x' INT\ntrap \"echo it's\" HUP\ntrap\n",
     "trap -- 'echo it'\\''s' HUP\ntrap -- 'echo x' INT\n", 0, {NULL}, false},
    {"sh.trap_not_in_subshells", "trap 'echo parent' EXIT\n(echo sub)\nx=$(echo y)\necho $x\n", "sub\ny\nparent\n",
     0, {NULL}, false},
    {"sh.trap_interrupts_wait",
     "trap 'echo term' TERM\nsleep 9 &\np=$!\n(sleep 1; kill -TERM $$) &\nwait $p\necho waited=$?\nkill $p\nwait\n",
     "term\nwaited=143\n", 0, {NULL}, false},
    {"sh.trap_p_and_l", "trap 'echo x' INT\ntrap '' HUP\ntrap -p\ntrap -p INT\ntrap -l | head -n 2\n",
     "trap -- '' HUP\ntrap -- 'echo x' INT\ntrap -- 'echo x' INT\n 1) SIGHUP\t 2) SIGINT\t 3) SIGQUIT\t 4) SIGILL\t 5) SIGTRAP\n"
     " 6) SIGABRT\t 7) SIGBUS\t 8) SIGFPE\t 9) SIGKILL\t10) SIGUSR1\n", 0, {NULL}, false},
    {"sh.trap_bad_signal", "trap 'echo x' NOSUCH\necho s=$?\n", "sh: trap: NOSUCH: bad trap\ns=1\n", 0, {NULL},
     false},

    /* The tools: output, error messages and exit statuses as coreutils'. */
    {"tools.cat_missing_file", "cat /nonexistent; echo s=$?\n", "cat: /nonexistent: No such file or directory\ns=1\n",
     0, {NULL}, false},
    {"tools.cat_number_lines", "printf 'a\\nb\\n' > n\ncat -n n\n", "     1\ta\n     2\tb\n", 0, {NULL}, false},
    {"tools.cat_invalid_option", "cat -z 2>&1 | head -n 1\ncat -z 2>/dev/null; echo s=$?\n",
     "cat: invalid option -- 'z'\ns=1\n", 0, {NULL}, false},
    {"tools.mkdir_p_rmdir",
     "mkdir w && cd w\nmkdir -p a/b/c && ls a/b\nmkdir a; echo s=$?\nrmdir a; echo s=$?\nrmdir a/b/c a/b a && ls\necho end\n",
     "c\nmkdir: a: File exists\ns=1\nrmdir: failed to remove 'a': Directory not empty\ns=1\nend\n", 0,
     {NULL}, false},
    {"tools.ls_l_options_after_operand", "echo hello > f\nchmod 640 f\n"
     "ls f -l | grep -c '^-rw-r----- *1 root *root *6 [A-Z][a-z][a-z] [ 1-3][0-9] [0-2][0-9]:[0-5][0-9] f$'\n"
     "ls /nonexistent; echo s=$?\n",
     "1\nls: /nonexistent: No such file or directory\ns=1\n", 0, {NULL}, false},
    {"tools.ls_l_total_and_devices", "mkdir t && echo hello > t/f\nls -l t | head -1\nls -l /dev/null | grep -c '^crw-rw-rw- *1 root *root *1, *3 '\n",
     "total 4\n1\n", 0, {NULL}, false},
    {"tools.ln_s_f_and_readlink", "ln -s /etc/hostname l\nln -s /etc/passwd l; echo s=$?\nln -sf /etc/passwd l\n"
     "stat -c %N l\nmkdir d\nln -s /etc/hostname d\nls d\n",
     "ln: l: File exists\ns=1\n'l' -> '/etc/passwd'\nhostname\n", 0, {NULL}, false},
    {"tools.cp_mv_rm", "mkdir v && cd v\necho data > a\ncp a b && cat b\nmv b c && cat c\ncat b; echo s=$?\nrm a c\nrm a; echo s=$?\n"
     "rm -f a; echo s=$?\nmkdir -p t/u\nrm t; echo s=$?\nrm -r t && ls\necho end\n",
     "data\ndata\ncat: b: No such file or directory\ns=1\nrm: a: No such file or directory\ns=1\ns=0\n"
     "rm: t: Is a directory\ns=1\nend\n", 0, {NULL}, false},
    {"tools.chmod_stat_touch", "rm -f f; touch f\nchmod 750 f && stat -c '%a %A %s' f\nchmod u-x,g=r f && stat -c %a f\n"
     "echo xy > f\ntouch f && stat -c %s f\nchmod 7 /nonexistent; echo s=$?\n",
     "750 -rwxr-x--- 0\n640\n3\nchmod: cannot access '/nonexistent': No such file or directory\ns=1\n", 0, {NULL},
     false},
    {"tools.wc_head_grep", "printf 'one\\ntwo words\\nthree\\n' > f\nwc -l f\nwc < f\nhead -n 2 f\nhead -1 f\n"
     "wc f\ngrep -n wo f\ngrep -c e f\ngrep -q zzz f; echo s=$?\ngrep x /nonexistent; echo s=$?\n",
     "3 f\n 3  4 20\none\ntwo words\none\n 3  4 20 f\n2:two words\n2\ns=1\n"
     "grep: /nonexistent: No such file or directory\ns=2\n", 0, {NULL}, false},
    {"tools.echo_env_true_false", "echo -n a; echo b c\nenv -i A=1 B=2 env\nFOO=bar env | grep ^FOO=\n"
     "true; echo $?\nfalse; echo $?\nenv -i /bin/nonexistent; echo s=$?\n",
     "ab c\nA=1\nB=2\nFOO=bar\n0\n1\nenv: /bin/nonexistent: No such file or directory\ns=127\n", 0, {NULL}, false},
    {"tools.id_and_runas", "id -u; id -un\nid student\nrunas 1000 id\nrunas student id -un\nid nosuch; echo s=$?\n",
     "0\nroot\nuid=1000(student) gid=1000(student) groups=1000(student)\n"
     "uid=1000(student) gid=1000(student) groups=1000(student)\nstudent\nid: 'nosuch': no such user\ns=1\n", 0,
     {NULL}, false},
    /* ps into a file first: in "ps | grep", grep's own line ("grep -c sleep
     * 10") may already be in the listing. And ps again until the child has
     * become sleep: on a busy machine it may still be the forked shell. */
    {"tools.kill_sleep_ps",
     "sleep 10 &\nn=0\nwhile ps > ps.txt; ! grep -q 'sleep 10' ps.txt && [ $n -lt 100 ]; do n=$((n+1)); sleep 0.1; done\n"
     "grep -c 'sleep 10' ps.txt\nkill -TERM $!\nwait $!\necho s=$?\n"
     "kill 99999; echo s=$?\nsleep 0.1 && echo slept\n",
     "1\ns=143\nkill: (99999): No such process\ns=1\nslept\n", 0, {NULL}, false},
    {"tools.uname_sysctl_persona", "uname\nuname -s -m\nsysctl -n debug.fail.vfs_io\npersona\npersona freebsd persona\n"
     "sysctl no.such.name; echo s=$?\n",
     "Tether\nTether x86_64\n0\nlinux\nfreebsd\nsysctl: cannot stat /proc/sys/no/such/name: No such file or "
     "directory\ns=1\n", 0, {NULL}, false},
};

/* Runs one case in dir; returns true and fills out/status, or false. */
static bool run_case(const struct sh_case *c, char *out, size_t size, int *status) {
  if (!tt_write_file("script.sh", c->script, 0644)) return false;
  unlink("out.txt");
  fflush(stdout);
  pid_t pid = fork();
  if (pid < 0) return false;
  if (pid == 0) {
    int fd = open("out.txt", O_WRONLY | O_CREAT | O_TRUNC, 0644);
    int in = open("/dev/null", O_RDWR);
    if (fd < 0 || in < 0) _exit(120);
    dup2(in, 0);
    dup2(fd, 1);
    dup2(c->stdout_only ? in : fd, 2);
    close(fd);
    close(in);
    char *argv[6] = {"sh", "script.sh", NULL, NULL, NULL, NULL};
    for (int i = 0; i < 3 && c->args[i]; i++) argv[2 + i] = (char *)c->args[i];
    char *envp[] = {"PATH=/bin:/usr/bin", "HOME=/", NULL};
    execve(shell, argv, envp);
    _exit(121);
  }
  *status = tt_wait_timeout(pid, 20);
  return tt_read_file("out.txt", out, size) >= 0;
}

/* The text with newlines shown as \n, for failure messages. */
static const char *visible(const char *s) {
  static char buf[2][512];
  static int which;
  char *b = buf[which ^= 1];
  size_t n = 0;
  for (; *s && n + 3 < sizeof buf[0]; s++) {
    if (*s == '\n') {
      b[n++] = '\\';
      b[n++] = 'n';
    } else {
      b[n++] = *s;
    }
  }
  b[n] = '\0';
  return b;
}

int main(int argc, char **argv) {
  tt_init(argc, argv);
  bool chosen = argc == 3 && strcmp(argv[1], "--shell") == 0;
  if (chosen) shell = argv[2];
  if (!chosen && !tt_on_tether()) {
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
      tt_skip(cases[i].id, "/bin/sh on this host is not Tether's sh (try --shell PATH)");
    return tt_done();
  }
  const char *dir = tt_make_scratch("sh_script");
  if (!dir || chdir(dir) < 0) {
    tt_fail("scratch_dir", "cannot make or enter a directory in /tmp");
    return tt_done();
  }
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    const struct sh_case *c = &cases[i];
    char out[1024];
    int status = -1;
    if (!run_case(c, out, sizeof out, &status)) {
      tt_fail(c->id, "could not write the script, run %s or read its output: %s", shell, strerror(errno));
      continue;
    }
    bool status_ok = status >= 0 && WIFEXITED(status) && WEXITSTATUS(status) == c->status;
    TT_CHECK(c->id, status_ok && strcmp(out, c->expected) == 0, "%s; output \"%s\", expected \"%s\" and status %d",
             tt_status_str(status), visible(out), visible(c->expected), c->status);
  }
  chdir("/");
  tt_remove_tree(dir);
  return tt_done();
}
