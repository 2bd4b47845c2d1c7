/* syncbench/topo.h: the machine's topology (hwloc) and the placement of workers on it.
 *
 * A topology is loaded once, from this machine (the CPUs this process may run on), from a
 * synthetic description ("pack:2 numa:2 l3:4 core:8 pu:2", hwloc's synthetic syntax) or from an
 * XML file written by `lstopo --of xml` (the last two for tests and dry runs: nothing may be pinned
 * on them). It is flattened into one row per CPU (OS index, package, NUMA node, L3 domain, core),
 * so nothing after sb_topo_load touches hwloc. Where the machine shows no L3 cache, each package
 * stands for one L3 domain; where it shows no NUMA node, the whole machine is one node.
 *
 * Pin policies name the relation every pair of workers should have:
 *   smt      siblings of one core              core     distinct cores sharing an L3
 *   llc      distinct L3 domains, one package  numa     distinct NUMA nodes
 *   package  distinct packages (sockets)
 * and the older ones: compact (fill cores, siblings adjacent, wrapping), spread (one per core,
 * round-robin over packages, NUMA nodes and L3 domains first; wrapping), none, cpus=LIST (wrapping).
 * A relation policy that the machine cannot satisfy for N workers is refused with one line that
 * names what is missing; it never wraps.
 *
 * Ownership: an sb_topo owns its CPU table (sb_topo_free). The functions are reentrant on distinct
 * topologies and read-only on a loaded one; sb_topo_machine() loads this machine once per process
 * (thread-safe) and returns a topology that is never freed.
 */
#ifndef SYNCBENCH_TOPO_H
#define SYNCBENCH_TOPO_H

#include <stddef.h>
#include <stdio.h>

#include "syncbench/harness.h"

#define SB_TOPO_ENV "SB_TOPOLOGY"      /* the spec the topo command uses without --topology */
#define SB_PIN_MAX_CPUS 256
#define SB_PIN_MAX_POLICIES 16

typedef struct sb_topo_cpu {
	int os;                         /* OS index: what sched_setaffinity takes */
	int pkg, numa, l3, core;        /* machine-wide logical indices of its ancestors */
	unsigned char first[5];         /* the first CPU of its own PU, core, L3, NUMA node, package */
} sb_topo_cpu;

typedef struct sb_topo {
	char source[160];               /* "this machine", "synthetic: ...", "xml: path" */
	int is_machine;                 /* 1: CPUs of this machine, may be pinned to */
	int ncpus;
	sb_topo_cpu *cpu;               /* in topology order (hwloc's logical order of the PUs) */
	int packages, numa_nodes, l3_domains, cores;
	int threads_per_core;           /* the most PUs any core has */
	int has_l3, has_numa;           /* 0: stood in for (see above) */
} sb_topo;

/* One --pin policy. */
typedef struct sb_pin_spec {
	enum sb_pin kind;
	int ncpus;                      /* SB_PIN_LIST */
	int cpus[SB_PIN_MAX_CPUS];
	char name[32];                  /* as given: "smt", "cpus=0,1" (shortened if long) */
} sb_pin_spec;

/* A policy from its kind and, for SB_PIN_LIST, its CPUs (at most SB_PIN_MAX_CPUS of them kept). */
sb_pin_spec sb_pin_spec_make(enum sb_pin kind, const int *cpus, int ncpus);

/* Load a topology. spec NULL or "": this machine; a name ending in ".xml" or an existing file:
 * hwloc XML; anything else: a synthetic description. 0, or -EINVAL/-ENOMEM with err set. */
int sb_topo_load(sb_topo *t, const char *spec, char *err, size_t errlen);
void sb_topo_free(sb_topo *t);

/* This machine's topology, loaded on first use; NULL if hwloc failed (err gets why, may be NULL). */
const sb_topo *sb_topo_machine(char *err, size_t errlen);

/* The policy's name and its kind: "smt" -> SB_PIN_SMT, ...; -1 if unknown. */
int sb_pin_kind(const char *name);
const char *sb_pin_kind_name(enum sb_pin kind);

/* Place nthreads workers: cpus_out[i] gets worker i's OS CPU index, or -1 for none. Returns 0, or
 * -EINVAL with one line in err ("only 1 package: --pin package needs 2 for 2 workers"). cpus_out
 * must hold nthreads entries. */
int sb_topo_place(const sb_topo *t, const sb_pin_spec *pin, int nthreads, int *cpus_out,
		  char *err, size_t errlen);

/* The closest relation between any two of the n CPUs: "same-cpu", "smt", "core", "llc", "numa",
 * "package"; "" for fewer than two CPUs or a CPU that is -1 or not in the topology. */
const char *sb_topo_relation(const sb_topo *t, const int *cpus, int n);

/* Worker CPUs as a --pin cpus= list: runs of consecutive CPUs as ranges ("0-3,16,32"), -1 as
 * "any"; cut with ",..." when buf is too short. */
void sb_topo_format_cpus(const int *cpus, int n, char *buf, size_t len);

/* The CPU's row, or NULL. */
const sb_topo_cpu *sb_topo_find(const sb_topo *t, int os);

/* The summary as one JSON member "topology": {...} into an open object (see sb_json_kv_*). */
void sb_topo_json(FILE *f, int *first, const sb_topo *t);
/* The summary as one line: "2 packages, 4 NUMA nodes, 16 L3 domains, 128 cores, 256 PUs, 2 threads per core". */
void sb_topo_summary(const sb_topo *t, char *buf, size_t len);

#endif
