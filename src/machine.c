/* machine.c: machine and build facts for meta.json, their fingerprints; a minimal JSON writer. */
#include "syncbench/machine.h"

#include "build_info.h"

#include <dirent.h>
#include <gnu/libc-version.h>
#include <math.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

static void read_line(const char *path, char *out, size_t len)
{
	out[0] = 0;
	FILE *f = fopen(path, "r");
	if (!f)
		return;
	if (fgets(out, (int)len, f))
		out[strcspn(out, "\n")] = 0;
	fclose(f);
}

/* The whole of a small file (at most cap bytes) as a malloc'd string, NULL when unreadable. */
static char *read_all(const char *path, size_t cap)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return NULL;
	char *s = malloc(cap + 1);
	size_t n = s ? fread(s, 1, cap, f) : 0;
	fclose(f);
	if (s)
		s[n] = 0;
	return s;
}

/* --- /proc/cpuinfo ------------------------------------------------------------------------ */

/* "key<tabs>: value" -> value when the line's key is exactly key. */
static const char *cpuinfo_value(const char *line, size_t len, const char *key, size_t *vlen)
{
	size_t kl = strlen(key);
	if (len < kl || strncmp(line, key, kl) != 0)
		return NULL;
	size_t i = kl;
	while (i < len && (line[i] == ' ' || line[i] == '\t'))
		i++;
	if (i >= len || line[i] != ':')
		return NULL;
	i++;
	while (i < len && line[i] == ' ')
		i++;
	*vlen = len - i;
	return line + i;
}

static void set_field(char *dst, size_t cap, const char *v, size_t vlen)
{
	if (vlen >= cap)
		vlen = cap - 1;
	memcpy(dst, v, vlen);
	dst[vlen] = 0;
}

void sb_machine_parse_cpuinfo(const char *text, sb_machine *m)
{
	static const struct { const char *key; size_t off, cap; } map[] = {
#define F(k, field) { k, offsetof(sb_machine, field), sizeof ((sb_machine *)0)->field }
		F("vendor_id", cpu_vendor),        F("CPU implementer", cpu_vendor),
		F("cpu family", cpu_family),       F("CPU architecture", cpu_family),
		F("model", cpu_model_id),          F("CPU part", cpu_model_id),
		F("stepping", cpu_stepping),       F("CPU revision", cpu_stepping),
		F("model name", cpu_model),        F("microcode", microcode),
#undef F
	};
	int block = 0, ids[256], nids = 0;
	for (const char *p = text; p && *p;) {
		const char *e = strchr(p, '\n');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		const char *v;
		size_t vl;
		if (len == 0)
			block++;
		if ((v = cpuinfo_value(p, len, "physical id", &vl))) {
			int id = atoi(v), seen = 0;
			for (int i = 0; i < nids; i++)
				seen |= ids[i] == id;
			if (!seen && nids < 256)
				ids[nids++] = id;
		}
		if (block == 0) {
			for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
				if ((v = cpuinfo_value(p, len, map[i].key, &vl)))
					set_field((char *)m + map[i].off, map[i].cap, v, vl);
			if ((v = cpuinfo_value(p, len, "flags", &vl))) {
				int hv = 0;
				for (const char *q = v; q < v + vl;) {
					while (q < v + vl && *q == ' ')
						q++;
					const char *w = q;
					while (q < v + vl && *q != ' ')
						q++;
					hv |= q - w == 10 && !strncmp(w, "hypervisor", 10);
				}
				if (!m->hypervisor[0] || hv)
					snprintf(m->hypervisor, sizeof m->hypervisor, "%s", hv ? "unknown (cpuinfo flag)" : "none");
			}
		}
		p = e ? e + 1 : p + len;
	}
	if (nids)
		m->sockets = nids;
	if (!m->cpu_model[0] && m->cpu_model_id[0] && m->cpu_vendor[0])
		snprintf(m->cpu_model, sizeof m->cpu_model, "%s part %s", m->cpu_vendor, m->cpu_model_id);
}

/* --- topology, caches, kernel ------------------------------------------------------------- */

static void read_topology(sb_machine *m)
{
	static int seen[4096][2];
	int ns = 0, pk[4096], np = 0;
	for (int c = 0; c < m->cpus_online && c < 4096; c++) {
		char p[128], a[32], b[32];
		snprintf(p, sizeof p, "/sys/devices/system/cpu/cpu%d/topology/physical_package_id", c);
		read_line(p, a, sizeof a);
		snprintf(p, sizeof p, "/sys/devices/system/cpu/cpu%d/topology/core_id", c);
		read_line(p, b, sizeof b);
		int pkg = atoi(a), co = b[0] ? atoi(b) : c, dup = 0;
		for (int i = 0; i < ns; i++)
			dup |= seen[i][0] == pkg && seen[i][1] == co;
		if (!dup) {
			seen[ns][0] = pkg;
			seen[ns][1] = co;
			ns++;
		}
		dup = 0;
		for (int i = 0; i < np; i++)
			dup |= pk[i] == pkg;
		if (!dup && a[0])
			pk[np++] = pkg;
	}
	m->cores = ns;
	if (np)
		m->sockets = np;
	m->threads_per_core = ns ? (m->cpus_online + ns - 1) / ns : -1;
	DIR *d = opendir("/sys/devices/system/node");
	if (d) {
		struct dirent *e;
		m->numa_nodes = 0;
		while ((e = readdir(d)))
			if (!strncmp(e->d_name, "node", 4) && e->d_name[4] >= '0' && e->d_name[4] <= '9')
				m->numa_nodes++;
		closedir(d);
		if (m->numa_nodes == 0)
			m->numa_nodes = -1;
	}
}

static void read_caches(sb_machine *m)
{
	size_t off = 0;
	for (int i = 0; i < 16; i++) {
		char p[128], level[16], type[32], size[32];
		snprintf(p, sizeof p, "/sys/devices/system/cpu/cpu0/cache/index%d/level", i);
		read_line(p, level, sizeof level);
		if (!level[0])
			break;
		snprintf(p, sizeof p, "/sys/devices/system/cpu/cpu0/cache/index%d/type", i);
		read_line(p, type, sizeof type);
		snprintf(p, sizeof p, "/sys/devices/system/cpu/cpu0/cache/index%d/size", i);
		read_line(p, size, sizeof size);
		const char *t = !strcmp(type, "Data") ? "d" : !strcmp(type, "Instruction") ? "i" : "";
		int w = snprintf(m->caches + off, sizeof m->caches - off, "%sL%s%s %s", off ? ", " : "", level, t, size);
		if (w < 0 || (size_t)w >= sizeof m->caches - off)
			break;
		off += (size_t)w;
	}
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void read_mitigations(sb_machine *m)
{
	const char *dir = "/sys/devices/system/cpu/vulnerabilities";
	DIR *d = opendir(dir);
	if (!d)
		return;
	char *names[128];
	int n = 0;
	struct dirent *e;
	while ((e = readdir(d)) && n < 128)
		if (e->d_name[0] != '.' && (names[n] = strdup(e->d_name)))
			n++;
	closedir(d);
	qsort(names, (size_t)n, sizeof names[0], cmp_str);
	size_t off = 0;
	for (int i = 0; i < n; i++) {
		char p[512], v[256];
		snprintf(p, sizeof p, "%s/%s", dir, names[i]);
		read_line(p, v, sizeof v);
		for (char *q = v; *q; q++)
			if (*q == '\t')
				*q = ' ';
		int w = snprintf(m->mitigations + off, sizeof m->mitigations - off, "%s\t%s\n", names[i], v);
		if (w > 0 && (size_t)w < sizeof m->mitigations - off)
			off += (size_t)w;
		else
			m->mitigations[off] = 0;
		free(names[i]);
	}
}

static void read_hypervisor(sb_machine *m)
{
	/* systemd-detect-virt knows the most names; the VM only (a container shares the host's CPU) */
	static const char *const sdv[] = { "/usr/bin/systemd-detect-virt", "/bin/systemd-detect-virt" };
	for (size_t i = 0; i < sizeof sdv / sizeof sdv[0]; i++) {
		if (access(sdv[i], X_OK) != 0)
			continue;
		char cmd[128], out[64] = "";
		snprintf(cmd, sizeof cmd, "%s --vm 2>/dev/null", sdv[i]);
		FILE *p = popen(cmd, "r");
		if (!p)
			break;
		if (!fgets(out, sizeof out, p))
			out[0] = 0;
		pclose(p);
		out[strcspn(out, "\n")] = 0;
		if (out[0]) {
			snprintf(m->hypervisor, sizeof m->hypervisor, "%s", out);
			return;
		}
		break;
	}
	char t[64];
	read_line("/sys/hypervisor/type", t, sizeof t);
	if (t[0])
		snprintf(m->hypervisor, sizeof m->hypervisor, "%s", t);
	/* else what the cpuinfo flags said (sb_machine_parse_cpuinfo), or nothing */
}

/* --- fingerprints ------------------------------------------------------------------------- */

const char *const sb_machine_fp_keys[] = { "cpu_vendor", "cpu_model", "cpu_family", "cpu_model_id",
					   "cpu_stepping", "sockets", "cores", "threads_per_core",
					   "numa_nodes", "caches", "kernel_release", "hypervisor", NULL };
const char *const sb_build_fp_keys[] = { "syncbench_version", "git_commit", "git_dirty", "compiler",
					 "cflags", "ldflags", "liburcu", "google_benchmark", NULL };

uint64_t sb_fnv1a64(uint64_t h, const void *p, size_t n)
{
	const unsigned char *b = p;
	for (size_t i = 0; i < n; i++) {
		h ^= b[i];
		h *= 0x100000001b3ull;
	}
	return h;
}

static uint64_t fp_add(uint64_t h, const char *k, const char *v)
{
	h = sb_fnv1a64(h, k, strlen(k));
	h = sb_fnv1a64(h, "=", 1);
	h = sb_fnv1a64(h, v, strlen(v));
	return sb_fnv1a64(h, "\n", 1);
}

static uint64_t fp_add_int(uint64_t h, const char *k, int v)
{
	char b[16];
	snprintf(b, sizeof b, "%d", v);
	return fp_add(h, k, b);
}

void sb_machine_fingerprints(sb_machine *m)
{
	uint64_t h = SB_FNV1A64_INIT;
	h = fp_add(h, "cpu_vendor", m->cpu_vendor);
	h = fp_add(h, "cpu_model", m->cpu_model);
	h = fp_add(h, "cpu_family", m->cpu_family);
	h = fp_add(h, "cpu_model_id", m->cpu_model_id);
	h = fp_add(h, "cpu_stepping", m->cpu_stepping);
	h = fp_add_int(h, "sockets", m->sockets);
	h = fp_add_int(h, "cores", m->cores);
	h = fp_add_int(h, "threads_per_core", m->threads_per_core);
	h = fp_add_int(h, "numa_nodes", m->numa_nodes);
	h = fp_add(h, "caches", m->caches);
	h = fp_add(h, "kernel_release", m->kernel_release);
	h = fp_add(h, "hypervisor", m->hypervisor);
	snprintf(m->machine_fp, sizeof m->machine_fp, "%016llx", (unsigned long long)h);
	h = SB_FNV1A64_INIT;
	h = fp_add(h, "syncbench_version", m->version);
	h = fp_add(h, "git_commit", m->git_commit);
	h = fp_add_int(h, "git_dirty", m->git_dirty);
	h = fp_add(h, "compiler", m->compiler);
	h = fp_add(h, "cflags", m->flags);
	h = fp_add(h, "ldflags", m->ldflags);
	h = fp_add(h, "liburcu", m->urcu_version);
	h = fp_add(h, "google_benchmark", m->benchmark_version);
	snprintf(m->build_fp, sizeof m->build_fp, "%016llx", (unsigned long long)h);
}

void sb_version_string(char *buf, size_t len)
{
	snprintf(buf, len, "syncbench %s (commit %s%s)", SB_VERSION, sb_build_commit, sb_build_dirty ? "-dirty" : "");
}

void sb_machine_read(sb_machine *m)
{
	memset(m, 0, sizeof *m);
	m->sockets = m->cores = m->threads_per_core = m->numa_nodes = -1;
	gethostname(m->host, sizeof m->host - 1);
	char *ci = read_all("/proc/cpuinfo", 1 << 20);
	sb_machine_parse_cpuinfo(ci, m);
	free(ci);
	struct utsname u;
	if (uname(&u) == 0) {
		snprintf(m->kernel, sizeof m->kernel, "%s %s %s", u.sysname, u.release, u.machine);
		snprintf(m->kernel_release, sizeof m->kernel_release, "%s", u.release);
	}
	read_line("/proc/cmdline", m->kernel_cmdline, sizeof m->kernel_cmdline);
	read_line("/sys/devices/system/clocksource/clocksource0/current_clocksource", m->clocksource,
		  sizeof m->clocksource);
	snprintf(m->glibc, sizeof m->glibc, "%s", gnu_get_libc_version());
	m->cpus_online = (int)sysconf(_SC_NPROCESSORS_ONLN);
	cpu_set_t set;
	if (sched_getaffinity(0, sizeof set, &set) == 0)
		m->cpus_allowed = CPU_COUNT(&set);
	read_topology(m);
	read_caches(m);
	read_mitigations(m);
	read_hypervisor(m);
	read_line("/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor", m->governor, sizeof m->governor);
	char nt[16];
	read_line("/sys/devices/system/cpu/intel_pstate/no_turbo", nt, sizeof nt);
	if (nt[0])
		snprintf(m->turbo, sizeof m->turbo, "%s", nt[0] == '1' ? "off" : "on");
	else {
		read_line("/sys/devices/system/cpu/cpufreq/boost", nt, sizeof nt);
		if (nt[0])
			snprintf(m->turbo, sizeof m->turbo, "%s", nt[0] == '1' ? "on" : "off");
	}
	snprintf(m->version, sizeof m->version, "%s", SB_VERSION);
#ifdef __VERSION__
	snprintf(m->compiler, sizeof m->compiler, "%s (%s)", sb_build_cc[0] ? sb_build_cc : "unknown", __VERSION__);
#else
	snprintf(m->compiler, sizeof m->compiler, "%s", sb_build_cc[0] ? sb_build_cc : "unknown");
#endif
	snprintf(m->flags, sizeof m->flags, "%s", sb_build_cflags);
	snprintf(m->ldflags, sizeof m->ldflags, "%s", sb_build_ldflags);
	snprintf(m->git_commit, sizeof m->git_commit, "%s", sb_build_commit);
	m->git_dirty = sb_build_dirty;
	snprintf(m->urcu_version, sizeof m->urcu_version, "%s", sb_build_urcu_version);
	snprintf(m->benchmark_version, sizeof m->benchmark_version, "%s", sb_build_benchmark_version);
	sb_machine_fingerprints(m);
}

/* --- JSON writer -------------------------------------------------------------------------- */

void sb_json_str(FILE *f, const char *s)
{
	fputc('"', f);
	for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
		switch (*p) {
		case '"': fputs("\\\"", f); break;
		case '\\': fputs("\\\\", f); break;
		case '\n': fputs("\\n", f); break;
		case '\r': fputs("\\r", f); break;
		case '\t': fputs("\\t", f); break;
		default:
			if (*p < 0x20)
				fprintf(f, "\\u%04x", *p);
			else
				fputc(*p, f);
		}
	}
	fputc('"', f);
}

void sb_json_key(FILE *f, int *first, const char *k)
{
	if (!*first)
		fputs(",\n", f);
	*first = 0;
	fputs("  ", f);
	sb_json_str(f, k);
	fputs(": ", f);
}

void sb_json_kv_str(FILE *f, int *first, const char *k, const char *v)
{
	sb_json_key(f, first, k);
	sb_json_str(f, v);
}

void sb_json_kv_num(FILE *f, int *first, const char *k, double v)
{
	sb_json_key(f, first, k);
	if (isfinite(v))
		fprintf(f, "%.10g", v);
	else
		fputs("null", f);
}

void sb_json_kv_int(FILE *f, int *first, const char *k, long long v)
{
	sb_json_key(f, first, k);
	fprintf(f, "%lld", v);
}

void sb_json_kv_bool(FILE *f, int *first, const char *k, int v)
{
	sb_json_key(f, first, k);
	fputs(v ? "true" : "false", f);
}

/* A string that may be unknown: empty -> null. */
static void kv_str_or_null(FILE *f, int *first, const char *k, const char *v)
{
	sb_json_key(f, first, k);
	if (v && v[0])
		sb_json_str(f, v);
	else
		fputs("null", f);
}

static void kv_count(FILE *f, int *first, const char *k, int v)
{
	sb_json_key(f, first, k);
	if (v >= 0)
		fprintf(f, "%d", v);
	else
		fputs("null", f);
}

void sb_machine_json(FILE *f, int *first, const sb_machine *m)
{
	sb_json_kv_str(f, first, "host", m->host);
	sb_json_kv_str(f, first, "syncbench_version", m->version);
	sb_json_kv_str(f, first, "git_commit", m->git_commit);
	sb_json_kv_bool(f, first, "git_dirty", m->git_dirty);
	sb_json_kv_str(f, first, "compiler", m->compiler);
	sb_json_kv_str(f, first, "cflags", m->flags);
	sb_json_kv_str(f, first, "ldflags", m->ldflags);
	kv_str_or_null(f, first, "liburcu", m->urcu_version);
	kv_str_or_null(f, first, "google_benchmark", m->benchmark_version);
	sb_json_kv_str(f, first, "glibc", m->glibc);
	kv_str_or_null(f, first, "cpu_vendor", m->cpu_vendor);
	sb_json_kv_str(f, first, "cpu_model", m->cpu_model);
	kv_str_or_null(f, first, "cpu_family", m->cpu_family);
	kv_str_or_null(f, first, "cpu_model_id", m->cpu_model_id);
	kv_str_or_null(f, first, "cpu_stepping", m->cpu_stepping);
	kv_str_or_null(f, first, "microcode", m->microcode);
	kv_str_or_null(f, first, "hypervisor", m->hypervisor);
	sb_json_kv_int(f, first, "cpus_online", m->cpus_online);
	sb_json_kv_int(f, first, "cpus_allowed", m->cpus_allowed);
	kv_count(f, first, "sockets", m->sockets);
	kv_count(f, first, "cores", m->cores);
	kv_count(f, first, "threads_per_core", m->threads_per_core);
	kv_count(f, first, "numa_nodes", m->numa_nodes);
	sb_json_kv_str(f, first, "caches", m->caches);
	kv_str_or_null(f, first, "clocksource", m->clocksource);
	sb_json_kv_str(f, first, "kernel", m->kernel);
	sb_json_kv_str(f, first, "kernel_release", m->kernel_release);
	kv_str_or_null(f, first, "kernel_cmdline", m->kernel_cmdline);
	sb_json_key(f, first, "mitigations");
	if (!m->mitigations[0])
		fputs("null", f);
	else {
		fputs("{\n", f);
		int f2 = 1;
		for (const char *p = m->mitigations; *p;) {
			const char *tab = strchr(p, '\t'), *nl = strchr(p, '\n');
			if (!tab || !nl || tab > nl)
				break;
			char k[256], v[256];
			snprintf(k, sizeof k, "%.*s", (int)(tab - p), p);
			snprintf(v, sizeof v, "%.*s", (int)(nl - tab - 1), tab + 1);
			sb_json_kv_str(f, &f2, k, v);
			p = nl + 1;
		}
		fputs("\n  }", f);
	}
	kv_str_or_null(f, first, "governor", m->governor);
	kv_str_or_null(f, first, "turbo", m->turbo);
	sb_json_kv_str(f, first, "machine_fingerprint", m->machine_fp);
	sb_json_kv_str(f, first, "build_fingerprint", m->build_fp);
}
