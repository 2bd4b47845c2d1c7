/* topo.c: the topology from hwloc, flattened to one row per CPU, and worker placement on it. */
#include "syncbench/topo.h"
#include "syncbench/machine.h"

#include <errno.h>
#include <hwloc.h>
#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Levels of a CPU's row, from the closest to the farthest. */
enum { LV_OS, LV_CORE, LV_L3, LV_NUMA, LV_PKG };

static int lvl(const sb_topo_cpu *c, int level)
{
	switch (level) {
	case LV_OS: return c->os;
	case LV_CORE: return c->core;
	case LV_L3: return c->l3;
	case LV_NUMA: return c->numa;
	default: return c->pkg;
	}
}

static int is_file(const char *p)
{
	struct stat sb;
	return stat(p, &sb) == 0 && S_ISREG(sb.st_mode);
}

static int ends_with(const char *s, const char *suf)
{
	size_t a = strlen(s), b = strlen(suf);
	return a >= b && !strcmp(s + a - b, suf);
}

/* Is CPU i the first (in topology order) of its object at this level? */
static int first_of(const sb_topo *t, int i, int level)
{
	return t->cpu[i].first[level];
}

/* The rank of CPU i's object at `child` among the objects at `child` under the same `parent`,
 * in topology order (hwloc's logical order keeps an object's CPUs contiguous). */
static int rank_in(const sb_topo *t, int i, int child, int parent)
{
	int r = 0;
	for (int j = 0; j < i; j++)
		if (lvl(&t->cpu[j], parent) == lvl(&t->cpu[i], parent) &&
		    lvl(&t->cpu[j], child) != lvl(&t->cpu[i], child) && first_of(t, j, child))
			r++;
	return r;
}

static int first_of(const sb_topo *t, int i, int level);

/* Distinct values of a level among the CPUs (after the first[] flags are set). */
static int count_distinct(const sb_topo *t, int level)
{
	int n = 0;
	for (int i = 0; i < t->ncpus; i++)
		n += first_of(t, i, level);
	return n;
}

static void flatten(sb_topo *t, hwloc_topology_t h, const cpu_set_t *allowed)
{
	int npu = hwloc_get_nbobjs_by_type(h, HWLOC_OBJ_PU);
	int nnuma = hwloc_get_nbobjs_by_type(h, HWLOC_OBJ_NUMANODE);
	int ncore = hwloc_get_nbobjs_by_type(h, HWLOC_OBJ_CORE);
	t->has_l3 = hwloc_get_nbobjs_by_type(h, HWLOC_OBJ_L3CACHE) > 0;
	t->has_numa = nnuma > 0;
	t->ncpus = 0;
	for (int i = 0; i < npu; i++) {
		hwloc_obj_t pu = hwloc_get_obj_by_type(h, HWLOC_OBJ_PU, (unsigned)i);
		int os = (int)pu->os_index;
		if (allowed && (os >= CPU_SETSIZE || !CPU_ISSET(os, allowed)))
			continue;
		sb_topo_cpu *c = &t->cpu[t->ncpus++];
		c->os = os;
		hwloc_obj_t o = hwloc_get_ancestor_obj_by_type(h, HWLOC_OBJ_PACKAGE, pu);
		c->pkg = o ? (int)o->logical_index : 0;
		o = hwloc_get_ancestor_obj_by_type(h, HWLOC_OBJ_CORE, pu);
		c->core = o ? (int)o->logical_index : ncore + i; /* no core shown: a core per PU */
		o = hwloc_get_ancestor_obj_by_type(h, HWLOC_OBJ_L3CACHE, pu);
		c->l3 = o ? (int)o->logical_index : -1 - c->pkg; /* no L3: the package stands in */
		c->numa = 0;
		for (int j = 0; j < nnuma; j++) {
			hwloc_obj_t nd = hwloc_get_obj_by_type(h, HWLOC_OBJ_NUMANODE, (unsigned)j);
			if (nd->cpuset && hwloc_bitmap_isset(nd->cpuset, pu->os_index)) {
				c->numa = (int)nd->logical_index;
				break;
			}
		}
	}
	for (int i = 0; i < t->ncpus; i++)
		for (int level = LV_OS; level <= LV_PKG; level++) {
			int seen = 0;
			for (int j = 0; j < i && !seen; j++)
				seen = lvl(&t->cpu[j], level) == lvl(&t->cpu[i], level);
			t->cpu[i].first[level] = !seen;
		}
	t->packages = count_distinct(t, LV_PKG);
	t->numa_nodes = count_distinct(t, LV_NUMA);
	t->l3_domains = count_distinct(t, LV_L3);
	t->cores = count_distinct(t, LV_CORE);
	t->threads_per_core = 0;
	for (int i = 0; i < t->ncpus; i++) {
		int k = 0;
		for (int j = 0; j < t->ncpus; j++)
			k += t->cpu[j].core == t->cpu[i].core;
		if (k > t->threads_per_core)
			t->threads_per_core = k;
	}
}

int sb_topo_load(sb_topo *t, const char *spec, char *err, size_t errlen)
{
	memset(t, 0, sizeof *t);
	hwloc_topology_t h;
	if (hwloc_topology_init(&h)) {
		snprintf(err, errlen, "hwloc: cannot initialise a topology");
		return -ENOMEM;
	}
	int machine = !spec || !*spec, rc = 0;
	if (machine)
		snprintf(t->source, sizeof t->source, "this machine");
	else if (ends_with(spec, ".xml") || is_file(spec)) {
		snprintf(t->source, sizeof t->source, "xml: %s", spec);
		rc = hwloc_topology_set_xml(h, spec);
	} else {
		snprintf(t->source, sizeof t->source, "synthetic: %s", spec);
		rc = hwloc_topology_set_synthetic(h, spec);
	}
	if (rc || hwloc_topology_load(h)) {
		if (machine)
			snprintf(err, errlen, "hwloc cannot read this machine's topology");
		else if (!strncmp(t->source, "xml", 3))
			snprintf(err, errlen, "'%s' is not a readable hwloc XML topology", spec);
		else
			snprintf(err, errlen, "'%s' is neither an XML file nor a synthetic topology (e.g. 'pack:2 numa:2 l3:4 core:8 pu:2')", spec);
		hwloc_topology_destroy(h);
		return -EINVAL;
	}
	cpu_set_t allowed;
	int use_allowed = machine && sched_getaffinity(0, sizeof allowed, &allowed) == 0;
	int npu = hwloc_get_nbobjs_by_type(h, HWLOC_OBJ_PU);
	t->cpu = calloc(npu > 0 ? (size_t)npu : 1, sizeof *t->cpu);
	if (!t->cpu) {
		hwloc_topology_destroy(h);
		snprintf(err, errlen, "out of memory for %d CPUs", npu);
		return -ENOMEM;
	}
	flatten(t, h, use_allowed ? &allowed : NULL);
	hwloc_topology_destroy(h);
	t->is_machine = machine;
	if (t->ncpus == 0) {
		snprintf(err, errlen, "the topology (%s) has no CPU this process may use", t->source);
		sb_topo_free(t);
		return -EINVAL;
	}
	return 0;
}

void sb_topo_free(sb_topo *t)
{
	free(t->cpu);
	t->cpu = NULL;
	t->ncpus = 0;
}

static pthread_once_t machine_once = PTHREAD_ONCE_INIT;
static sb_topo machine_topo;
static int machine_rc;
static char machine_err[200];

static void machine_load(void)
{
	machine_rc = sb_topo_load(&machine_topo, NULL, machine_err, sizeof machine_err);
}

sb_pin_spec sb_pin_spec_make(enum sb_pin kind, const int *cpus, int ncpus)
{
	sb_pin_spec spec = { .kind = kind };
	if (kind == SB_PIN_LIST && cpus && ncpus > 0) {
		spec.ncpus = ncpus < SB_PIN_MAX_CPUS ? ncpus : SB_PIN_MAX_CPUS;
		memcpy(spec.cpus, cpus, sizeof(int) * (size_t)spec.ncpus);
	}
	return spec;
}

const sb_topo *sb_topo_machine(char *err, size_t errlen)
{
	pthread_once(&machine_once, machine_load);
	if (machine_rc) {
		if (err)
			snprintf(err, errlen, "%s", machine_err);
		return NULL;
	}
	return &machine_topo;
}

static const struct { const char *name; enum sb_pin kind; } pin_names[] = {
	{ "none", SB_PIN_NONE }, { "compact", SB_PIN_COMPACT }, { "spread", SB_PIN_SPREAD },
	{ "cpus", SB_PIN_LIST }, { "smt", SB_PIN_SMT }, { "core", SB_PIN_CORE }, { "llc", SB_PIN_LLC },
	{ "numa", SB_PIN_NUMA }, { "package", SB_PIN_PACKAGE },
};

int sb_pin_kind(const char *name)
{
	for (size_t i = 0; i < sizeof pin_names / sizeof pin_names[0]; i++)
		if (!strcmp(name, pin_names[i].name))
			return (int)pin_names[i].kind;
	return -1;
}

const char *sb_pin_kind_name(enum sb_pin kind)
{
	for (size_t i = 0; i < sizeof pin_names / sizeof pin_names[0]; i++)
		if (pin_names[i].kind == kind)
			return pin_names[i].name;
	return "?";
}

const sb_topo_cpu *sb_topo_find(const sb_topo *t, int os)
{
	for (int i = 0; i < t->ncpus; i++)
		if (t->cpu[i].os == os)
			return &t->cpu[i];
	return NULL;
}

/* One CPU (the first) of each object at `child` level inside the first object at `parent` level
 * that has at least n of them. Returns 0, or the most such objects any parent has. */
static int pick_distinct(const sb_topo *t, int child, int parent, int n, int *out)
{
	int best = 0;
	for (int p = 0; p < t->ncpus; p++) {
		if (!first_of(t, p, parent))
			continue;
		int k = 0;
		for (int i = 0; i < t->ncpus; i++)
			if (lvl(&t->cpu[i], parent) == lvl(&t->cpu[p], parent) && first_of(t, i, child)) {
				if (k < n)
					out[k] = t->cpu[i].os;
				k++;
			}
		if (k >= n)
			return 0;
		if (k > best)
			best = k;
	}
	return best;
}

static const char *plural(int n, const char *one, const char *many) { return n == 1 ? one : many; }

static int spread_cmp_key(const sb_topo *t, int i, int *key)
{
	key[0] = rank_in(t, i, LV_OS, LV_CORE);    /* hardware thread of its core */
	key[1] = rank_in(t, i, LV_CORE, LV_L3);    /* core within its L3 domain */
	key[2] = rank_in(t, i, LV_L3, LV_NUMA);    /* L3 domain within its NUMA node */
	key[3] = rank_in(t, i, LV_NUMA, LV_PKG);   /* NUMA node within its package */
	key[4] = t->cpu[i].pkg;
	key[5] = i;
	return 6;
}

typedef struct { int key[6]; int os; } spread_row;

static int cmp_spread(const void *a, const void *b)
{
	const spread_row *x = a, *y = b;
	for (int k = 0; k < 6; k++)
		if (x->key[k] != y->key[k])
			return x->key[k] < y->key[k] ? -1 : 1;
	return 0;
}

int sb_topo_place(const sb_topo *t, const sb_pin_spec *pin, int nthreads, int *cpus_out,
		  char *err, size_t errlen)
{
	int n = nthreads, m = 0;
	if (n < 1) {
		snprintf(err, errlen, "nothing to place: %d workers", n);
		return -EINVAL;
	}
	switch (pin->kind) {
	case SB_PIN_NONE:
		for (int i = 0; i < n; i++)
			cpus_out[i] = -1;
		return 0;
	case SB_PIN_COMPACT:
		for (int i = 0; i < n; i++)
			cpus_out[i] = t->cpu[i % t->ncpus].os;
		return 0;
	case SB_PIN_SPREAD: {
		spread_row *r = calloc((size_t)t->ncpus, sizeof *r);
		if (!r) {
			snprintf(err, errlen, "out of memory");
			return -ENOMEM;
		}
		for (int i = 0; i < t->ncpus; i++) {
			spread_cmp_key(t, i, r[i].key);
			r[i].os = t->cpu[i].os;
		}
		qsort(r, (size_t)t->ncpus, sizeof *r, cmp_spread);
		for (int i = 0; i < n; i++)
			cpus_out[i] = r[i % t->ncpus].os;
		free(r);
		return 0;
	}
	case SB_PIN_LIST:
		if (pin->ncpus < 1) {
			snprintf(err, errlen, "--pin cpus= names no CPU");
			return -EINVAL;
		}
		for (int i = 0; i < pin->ncpus; i++)
			if (!sb_topo_find(t, pin->cpus[i])) {
				snprintf(err, errlen, "CPU %d is not in the topology (%s: %d CPUs, the first %d)",
					 pin->cpus[i], t->source, t->ncpus, t->cpu[0].os);
				return -EINVAL;
			}
		for (int i = 0; i < n; i++)
			cpus_out[i] = pin->cpus[i % pin->ncpus];
		return 0;
	default:
		break;
	}
	if (n == 1) {
		cpus_out[0] = t->cpu[0].os;
		return 0;
	}
	switch (pin->kind) {
	case SB_PIN_SMT:
		if (!(m = pick_distinct(t, LV_OS, LV_CORE, n, cpus_out)))
			return 0;
		if (m == 1 && t->is_machine)
			snprintf(err, errlen, "no SMT siblings on this machine: one hardware thread per core");
		else if (m == 1)
			snprintf(err, errlen, "no SMT siblings in this topology (%s): one hardware thread per core", t->source);
		else
			snprintf(err, errlen, "cores have only %d hardware threads: --pin smt needs %d for %d workers", m, n, n);
		return -EINVAL;
	case SB_PIN_CORE:
		if (!(m = pick_distinct(t, LV_CORE, LV_L3, n, cpus_out)))
			return 0;
		snprintf(err, errlen, "only %d %s per %s: --pin core needs %d for %d workers", m,
			 plural(m, "core", "cores"), t->has_l3 ? "L3 domain" : "package (no L3 shown)", n, n);
		return -EINVAL;
	case SB_PIN_LLC:
		if (!(m = pick_distinct(t, LV_L3, LV_PKG, n, cpus_out)))
			return 0;
		snprintf(err, errlen, "only %d L3 %s per package: --pin llc needs %d for %d workers", m,
			 plural(m, "domain", "domains"), n, n);
		return -EINVAL;
	case SB_PIN_NUMA:
		if (t->numa_nodes >= n) {
			int k = 0;
			for (int i = 0; i < t->ncpus && k < n; i++)
				if (first_of(t, i, LV_NUMA))
					cpus_out[k++] = t->cpu[i].os;
			return 0;
		}
		snprintf(err, errlen, "only %d NUMA %s: --pin numa needs %d for %d workers", t->numa_nodes,
			 plural(t->numa_nodes, "node", "nodes"), n, n);
		return -EINVAL;
	case SB_PIN_PACKAGE:
		if (t->packages >= n) {
			int k = 0;
			for (int i = 0; i < t->ncpus && k < n; i++)
				if (first_of(t, i, LV_PKG))
					cpus_out[k++] = t->cpu[i].os;
			return 0;
		}
		snprintf(err, errlen, "only %d %s: --pin package needs %d for %d workers", t->packages,
			 plural(t->packages, "package", "packages"), n, n);
		return -EINVAL;
	default:
		snprintf(err, errlen, "unknown pin policy %d", (int)pin->kind);
		return -EINVAL;
	}
}

static const char *const relation_names[] = { "same-cpu", "smt", "core", "llc", "numa", "package" };

const char *sb_topo_relation(const sb_topo *t, const int *cpus, int n)
{
	if (n < 2)
		return "";
	const sb_topo_cpu **row = calloc((size_t)n, sizeof *row);
	if (!row)
		return "";
	int best = 6;
	for (int i = 0; i < n && best < 7; i++)
		if (!(row[i] = cpus[i] >= 0 ? sb_topo_find(t, cpus[i]) : NULL))
			best = 7;
	for (int i = 0; i < n && best > 0 && best < 7; i++) {
		const sb_topo_cpu *a = row[i];
		for (int j = i + 1; j < n; j++) {
			const sb_topo_cpu *b = row[j];
			int r = a->os == b->os ? 0 : a->core == b->core ? 1 : a->l3 == b->l3 ? 2
				: a->pkg == b->pkg && a->numa == b->numa ? 3 : a->pkg == b->pkg ? 4 : 5;
			if (r < best)
				best = r;
		}
	}
	free(row);
	return best < 6 ? relation_names[best] : "";
}

void sb_topo_format_cpus(const int *cpus, int n, char *buf, size_t len)
{
	size_t off = 0;
	if (len == 0)
		return;
	buf[0] = 0;
	for (int i = 0; i < n; i++) {
		int j = i;
		while (j + 1 < n && cpus[j] >= 0 && cpus[j + 1] == cpus[j] + 1)
			j++;
		char item[32];
		if (cpus[i] < 0)
			snprintf(item, sizeof item, "%sany", i ? "," : "");
		else if (j > i + 1)
			snprintf(item, sizeof item, "%s%d-%d", i ? "," : "", cpus[i], cpus[j]);
		else {
			snprintf(item, sizeof item, "%s%d", i ? "," : "", cpus[i]);
			j = i;
		}
		size_t k = strlen(item);
		if (off + k + 4 >= len) {
			snprintf(buf + off, len - off, "%s", len - off > 4 ? ",..." : "");
			return;
		}
		memcpy(buf + off, item, k + 1);
		off += k;
		i = j;
	}
}

void sb_topo_summary(const sb_topo *t, char *buf, size_t len)
{
	snprintf(buf, len, "%d %s, %d NUMA %s, %d L3 %s%s, %d %s, %d %s, %d %s per core",
		 t->packages, plural(t->packages, "package", "packages"),
		 t->numa_nodes, plural(t->numa_nodes, "node", "nodes"),
		 t->l3_domains, plural(t->l3_domains, "domain", "domains"), t->has_l3 ? "" : " (no L3 shown: one per package)",
		 t->cores, plural(t->cores, "core", "cores"), t->ncpus, plural(t->ncpus, "PU", "PUs"),
		 t->threads_per_core, plural(t->threads_per_core, "thread", "threads"));
}

void sb_topo_json(FILE *f, int *first, const sb_topo *t)
{
	sb_json_key(f, first, "topology");
	fputc('{', f);
	int f2 = 1;
	sb_json_kv_str(f, &f2, "source", t->source);
	sb_json_kv_int(f, &f2, "packages", t->packages);
	sb_json_kv_int(f, &f2, "numa_nodes", t->numa_nodes);
	sb_json_kv_int(f, &f2, "l3_domains", t->l3_domains);
	sb_json_kv_int(f, &f2, "cores", t->cores);
	sb_json_kv_int(f, &f2, "pus", t->ncpus);
	sb_json_kv_int(f, &f2, "threads_per_core", t->threads_per_core);
	sb_json_kv_bool(f, &f2, "l3_shown", t->has_l3);
	sb_json_kv_bool(f, &f2, "numa_shown", t->has_numa);
	sb_json_key(f, &f2, "cpus");
	fputc('[', f);
	for (int i = 0; i < t->ncpus; i++)
		fprintf(f, "%s%d", i ? "," : "", t->cpu[i].os);
	fputs("]}", f);
}
