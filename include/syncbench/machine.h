/* syncbench/machine.h: what machine and build a run came from (meta.json, the google-benchmark
 * context, `syncbench --version`), two fingerprints that say whether two runs are comparable, and
 * a tiny JSON writer.
 *
 * Reading is best effort: what the system does not show is left empty (strings) or -1 (counts),
 * and written to JSON as null. The build facts come from $(BUILD)/build_info.c, regenerated on
 * every make run. Not thread-safe (called by the controller only); no memory is kept. */
#ifndef SYNCBENCH_MACHINE_H
#define SYNCBENCH_MACHINE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define SB_VERSION "0.2.0"

typedef struct sb_machine {
	/* the host */
	char host[128], kernel[256], kernel_release[128], kernel_cmdline[2048], glibc[32];
	char clocksource[64], governor[32], turbo[32];
	char hypervisor[64];   /* "kvm", "none", ... ; empty when nothing tells */
	/* the CPU (x86: vendor_id, cpu family, model, stepping; Arm: implementer, architecture,
	 * part, revision) */
	char cpu_model[160], cpu_vendor[32], cpu_family[16], cpu_model_id[16], cpu_stepping[16];
	char microcode[32];
	char caches[256];      /* e.g. "L1d 48K, L1i 32K, L2 2048K, L3 105M" */
	char mitigations[4096]; /* "name\tvalue\n" per file of .../cpu/vulnerabilities, sorted */
	int cpus_online, cpus_allowed, cores, sockets, threads_per_core, numa_nodes;
	/* the build */
	char version[16], compiler[160], flags[1024], ldflags[512], git_commit[48];
	int git_dirty;
	char urcu_version[32], benchmark_version[32];
	/* FNV-1a 64 of the fields named by sb_machine_fp_keys / sb_build_fp_keys, 16 hex digits */
	char machine_fp[17], build_fp[17];
} sb_machine;

void sb_machine_read(sb_machine *m);

/* Fills the CPU fields of m (vendor, family, model id, stepping, model name, microcode; "hypervisor"
 * flag -> hypervisor; number of distinct "physical id" -> sockets) from the text of /proc/cpuinfo
 * (its first processor block). Fields the text does not have are left as they were. */
void sb_machine_parse_cpuinfo(const char *text, sb_machine *m);

/* The meta.json keys whose values make the machine fingerprint (hardware and kernel), and those
 * that make the build fingerprint; NULL-terminated. compare names the ones that differ. */
extern const char *const sb_machine_fp_keys[];
extern const char *const sb_build_fp_keys[];
/* Recomputes m->machine_fp and m->build_fp from the fields. */
void sb_machine_fingerprints(sb_machine *m);
/* FNV-1a 64-bit over n bytes, continuing from h (start with SB_FNV1A64_INIT). */
#define SB_FNV1A64_INIT 0xcbf29ce484222325ull
uint64_t sb_fnv1a64(uint64_t h, const void *p, size_t n);

/* "syncbench 0.2.0 (commit 0123456789ab-dirty)" into buf. */
void sb_version_string(char *buf, size_t len);

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
