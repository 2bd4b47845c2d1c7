/* tests/test_machine.c: the /proc/cpuinfo parser on sample texts, the fingerprints, FNV-1a. */
#include <criterion/criterion.h>
#include <string.h>

#include "syncbench/machine.h"

static const char x86[] =
	"processor\t: 0\nvendor_id\t: GenuineIntel\ncpu family\t: 6\nmodel\t\t: 106\n"
	"model name\t: Intel(R) Xeon(R) Platinum 8375C CPU @ 2.90GHz\nstepping\t: 6\n"
	"microcode\t: 0xd0003a5\nphysical id\t: 0\n"
	"flags\t\t: fpu vme de pse tsc msr hypervisor lahf_lm\n\n"
	"processor\t: 1\nvendor_id\t: GenuineIntel\ncpu family\t: 6\nmodel\t\t: 999\n"
	"physical id\t: 1\nflags\t\t: fpu\n\n";

static const char arm[] =
	"processor\t: 0\nBogoMIPS\t: 50.00\nFeatures\t: fp asimd evtstrm\nCPU implementer\t: 0x41\n"
	"CPU architecture: 8\nCPU variant\t: 0x3\nCPU part\t: 0xd0c\nCPU revision\t: 1\n\n";

Test(machine, cpuinfo_x86)
{
	sb_machine m;
	memset(&m, 0, sizeof m);
	sb_machine_parse_cpuinfo(x86, &m);
	cr_assert_str_eq(m.cpu_vendor, "GenuineIntel");
	cr_assert_str_eq(m.cpu_family, "6");
	cr_assert_str_eq(m.cpu_model_id, "106");      /* the first block only; "model name" is not "model" */
	cr_assert_str_eq(m.cpu_stepping, "6");
	cr_assert_str_eq(m.cpu_model, "Intel(R) Xeon(R) Platinum 8375C CPU @ 2.90GHz");
	cr_assert_str_eq(m.microcode, "0xd0003a5");
	cr_assert_str_eq(m.hypervisor, "unknown (cpuinfo flag)");
	cr_assert_eq(m.sockets, 2);
}

Test(machine, cpuinfo_no_hypervisor_flag)
{
	sb_machine m;
	memset(&m, 0, sizeof m);
	sb_machine_parse_cpuinfo("vendor_id : AuthenticAMD\nflags : fpu hypervisorx sse\n", &m);
	cr_assert_str_eq(m.hypervisor, "none");
	cr_assert_str_eq(m.cpu_vendor, "AuthenticAMD");
}

Test(machine, cpuinfo_arm_and_garbage)
{
	sb_machine m;
	memset(&m, 0, sizeof m);
	sb_machine_parse_cpuinfo(arm, &m);
	cr_assert_str_eq(m.cpu_vendor, "0x41");
	cr_assert_str_eq(m.cpu_family, "8");
	cr_assert_str_eq(m.cpu_model_id, "0xd0c");
	cr_assert_str_eq(m.cpu_stepping, "1");
	cr_assert_str_eq(m.cpu_model, "0x41 part 0xd0c");
	/* no newline at the end, a value longer than its field, an empty text, NULL */
	char big[600];
	memset(big, 'x', sizeof big);
	memcpy(big, "model name : ", 13);
	big[sizeof big - 1] = 0;
	sb_machine_parse_cpuinfo(big, &m);
	cr_assert_eq(strlen(m.cpu_model), sizeof m.cpu_model - 1);
	sb_machine_parse_cpuinfo("", &m);
	sb_machine_parse_cpuinfo(NULL, &m);
	sb_machine_parse_cpuinfo("model\n:\n: 1\nmodel:", &m);
	cr_assert_str_eq(m.cpu_model_id, "");
}

Test(machine, fnv1a64_known_values)
{
	cr_assert_eq(sb_fnv1a64(SB_FNV1A64_INIT, "", 0), 0xcbf29ce484222325ull);
	cr_assert_eq(sb_fnv1a64(SB_FNV1A64_INIT, "a", 1), 0xaf63dc4c8601ec8cull);
	cr_assert_eq(sb_fnv1a64(SB_FNV1A64_INIT, "foobar", 6), 0x85944171f73967e8ull);
}

Test(machine, fingerprints)
{
	sb_machine a;
	sb_machine_read(&a);
	cr_assert_eq(strlen(a.machine_fp), 16);
	cr_assert_eq(strlen(a.build_fp), 16);
	sb_machine b = a;
	/* what is not hardware or kernel leaves the machine fingerprint alone */
	snprintf(b.host, sizeof b.host, "elsewhere");
	snprintf(b.microcode, sizeof b.microcode, "0x1");
	snprintf(b.governor, sizeof b.governor, "powersave");
	sb_machine_fingerprints(&b);
	cr_assert_str_eq(a.machine_fp, b.machine_fp);
	cr_assert_str_eq(a.build_fp, b.build_fp);
	b.cores++;
	sb_machine_fingerprints(&b);
	cr_assert_str_neq(a.machine_fp, b.machine_fp);
	cr_assert_str_eq(a.build_fp, b.build_fp);
	b = a;
	size_t l = strlen(b.flags);
	snprintf(b.flags + l, sizeof b.flags - l, " -march=native");
	sb_machine_fingerprints(&b);
	cr_assert_str_eq(a.machine_fp, b.machine_fp);
	cr_assert_str_neq(a.build_fp, b.build_fp);
	int n = 0;
	for (const char *const *k = sb_machine_fp_keys; *k; k++)
		n++;
	cr_assert_eq(n, 12);
	char v[128];
	sb_version_string(v, sizeof v);
	cr_assert(strstr(v, SB_VERSION) && strstr(v, a.git_commit), "%s", v);
}
