/* cli.h: subcommands implemented outside main.c. */
#ifndef AITCERT_CLI_H
#define AITCERT_CLI_H

/* aitcert grade --task TASK --submission SUB: grades outside the server (src/cli/grade.c). */
int cmd_grade(int argc, char **argv);
/* aitcert __grade-child (hidden): the process grade_sandboxed execs to grade; input on stdin, result on fd 3 (src/cli/grade.c). */
int cmd_grade_child(int argc, char **argv);
/* aitcert agreement --ratings R.json: rater agreement metrics (src/cli/agreement.c). */
int cmd_agreement(int argc, char **argv);

#endif
