/* machine.c: machine and build facts for meta.json; a minimal JSON writer. */
#include "syncbench/machine.h"

#include <gnu/libc-version.h>
#include <math.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#ifndef SB_BUILD_CC
#define SB_BUILD_CC "unknown"
#endif
#ifndef SB_BUILD_FLAGS
#define SB_BUILD_FLAGS ""
#endif
#ifndef SB_GIT_COMMIT
#define SB_GIT_COMMIT "unknown"
#endif
#ifndef SB_URCU_VERSION
#define SB_URCU_VERSION "unknown"
#endif

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

static void cpuinfo_field(const char *key, char *out, size_t len)
{
	out[0] = 0;
	FILE *f = fopen("/proc/cpuinfo", "r");
	if (!f)
		return;
	char line[512];
	size_t kl = strlen(key);
	while (fgets(line, sizeof line, f)) {
		if (strncmp(line, key, kl) == 0 && (line[kl] == '\t' || line[kl] == ' ' || line[kl] == ':')) {
			char *c = strchr(line, ':');
			if (c) {
				c++;
				while (*c == ' ')
					c++;
				snprintf(out, len, "%s", c);
				out[strcspn(out, "\n")] = 0;
			}
			break;
		}
	}
	fclose(f);
}

void sb_machine_read(sb_machine *m)
{
	memset(m, 0, sizeof *m);
	gethostname(m->host, sizeof m->host - 1);
	cpuinfo_field("model name", m->cpu_model, sizeof m->cpu_model);
	if (!m->cpu_model[0])
		cpuinfo_field("CPU part", m->cpu_model, sizeof m->cpu_model);
	cpuinfo_field("microcode", m->microcode, sizeof m->microcode);
	struct utsname u;
	if (uname(&u) == 0)
		snprintf(m->kernel, sizeof m->kernel, "%s %s %s", u.sysname, u.release, u.machine);
	snprintf(m->glibc, sizeof m->glibc, "%s", gnu_get_libc_version());
	m->cpus_online = (int)sysconf(_SC_NPROCESSORS_ONLN);
	cpu_set_t set;
	if (sched_getaffinity(0, sizeof set, &set) == 0)
		m->cpus_allowed = CPU_COUNT(&set);
	/* cores: distinct (package, core) pairs */
	int seen[4096][2], ns = 0;
	for (int c = 0; c < m->cpus_online && c < 4096; c++) {
		char p[128], a[32], b[32];
		snprintf(p, sizeof p, "/sys/devices/system/cpu/cpu%d/topology/physical_package_id", c);
		read_line(p, a, sizeof a);
		snprintf(p, sizeof p, "/sys/devices/system/cpu/cpu%d/topology/core_id", c);
		read_line(p, b, sizeof b);
		int pk = atoi(a), co = b[0] ? atoi(b) : c, dup = 0;
		for (int i = 0; i < ns; i++)
			if (seen[i][0] == pk && seen[i][1] == co)
				dup = 1;
		if (!dup && ns < 4096) {
			seen[ns][0] = pk;
			seen[ns][1] = co;
			ns++;
		}
	}
	m->cores = ns;
	size_t off = 0;
	for (int i = 0; i < 8; i++) {
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
#ifdef __VERSION__
	snprintf(m->compiler, sizeof m->compiler, "%s (%s)", SB_BUILD_CC, __VERSION__);
#else
	snprintf(m->compiler, sizeof m->compiler, "%s", SB_BUILD_CC);
#endif
	snprintf(m->flags, sizeof m->flags, "%s", SB_BUILD_FLAGS);
	snprintf(m->git_commit, sizeof m->git_commit, "%s", SB_GIT_COMMIT);
	snprintf(m->urcu_version, sizeof m->urcu_version, "%s", SB_URCU_VERSION);
}

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

void sb_machine_json(FILE *f, int *first, const sb_machine *m)
{
	sb_json_kv_str(f, first, "host", m->host);
	sb_json_kv_str(f, first, "cpu_model", m->cpu_model);
	sb_json_kv_str(f, first, "microcode", m->microcode);
	sb_json_kv_int(f, first, "cpus_online", m->cpus_online);
	sb_json_kv_int(f, first, "cpus_allowed", m->cpus_allowed);
	sb_json_kv_int(f, first, "cores", m->cores);
	sb_json_kv_str(f, first, "caches", m->caches);
	sb_json_kv_str(f, first, "governor", m->governor);
	sb_json_kv_str(f, first, "turbo", m->turbo);
	sb_json_kv_str(f, first, "kernel", m->kernel);
	sb_json_kv_str(f, first, "glibc", m->glibc);
	sb_json_kv_str(f, first, "compiler", m->compiler);
	sb_json_kv_str(f, first, "flags", m->flags);
	sb_json_kv_str(f, first, "git_commit", m->git_commit);
	sb_json_kv_str(f, first, "liburcu", m->urcu_version);
}
