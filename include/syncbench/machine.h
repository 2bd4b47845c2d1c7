/* syncbench/machine.h: what machine and build a run came from (for meta.json and the google-
 * benchmark context), and a tiny JSON writer. Reading is best effort: what the system does not
 * show is left empty. Not thread-safe (called by the controller only). */
#ifndef SYNCBENCH_MACHINE_H
#define SYNCBENCH_MACHINE_H

#include <stdio.h>

typedef struct sb_machine {
	char host[128], cpu_model[160], microcode[32], kernel[256], glibc[32];
	char caches[256];      /* e.g. "L1d 48K, L1i 32K, L2 2048K, L3 105M" */
	char governor[32], turbo[32];
	char compiler[160], flags[128], git_commit[48], urcu_version[32];
	int cpus_online, cpus_allowed, cores;
} sb_machine;

void sb_machine_read(sb_machine *m);

/* JSON helpers: write a string value escaped per RFC 8259 (quotes included). */
void sb_json_str(FILE *f, const char *s);
/* "key": value pairs; `first` tracks whether a comma is needed. */
void sb_json_kv_str(FILE *f, int *first, const char *k, const char *v);
void sb_json_kv_num(FILE *f, int *first, const char *k, double v);   /* non-finite -> null */
void sb_json_kv_int(FILE *f, int *first, const char *k, long long v);
void sb_json_kv_bool(FILE *f, int *first, const char *k, int v);
void sb_json_key(FILE *f, int *first, const char *k);                  /* then write a value */
/* The machine as JSON members (no braces) into an open object. */
void sb_machine_json(FILE *f, int *first, const sb_machine *m);

#endif
