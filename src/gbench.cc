// The C shim over google-benchmark: see include/syncbench/gbench.h for the contract.
// The only C++ file of the project. Every call checks what google-benchmark would abort on
// (its BM_CHECKs) and returns -EINVAL instead.
#include "syncbench/gbench.h"

#include <benchmark/benchmark.h>

#include <cerrno>
#include <map>
#include <string>

namespace {

// A registered C benchmark: google-benchmark owns it (the registry deletes it).
class CBench : public benchmark::internal::Benchmark {
 public:
  CBench(const char* name, sb_gb_fn fn, void* arg) : Benchmark(name), fn_(fn), arg_(arg) {}

  void Run(benchmark::State& st) override {
    sb_gb_state s;
    s.left_ = 0;
    s.unrun_ = 0;
    s.done_ = 0;
    s.thread_index_ = st.thread_index();
    s.threads_ = st.threads();
    s.args_n_ = ArgsCnt() > 0 ? ArgsCnt() : 0;
    s.state_ = &st;
    fn_(&s, arg_);
    if (!s.done_) {
      // The function returned inside its loop (or never looped). google-benchmark would abort
      // (and its other threads would wait at the loop's barriers): make it this run's error and
      // close the loop, which passes both barriers.
      if (!st.error_occurred())
        st.SkipWithError("benchmark function returned before sb_gb_keep_running returned false");
      while (st.KeepRunningBatch(1)) {
      }
    }
  }

  int args_count() const { return ArgsCnt(); }

 private:
  sb_gb_fn fn_;
  void* arg_;
};

CBench* B(sb_gb_bench* b) { return reinterpret_cast<CBench*>(b); }
benchmark::State* S(const sb_gb_state* st) { return static_cast<benchmark::State*>(st->state_); }

// Arguments of one kind: a benchmark's argument lists must all have the same length (1 here).
bool one_arg_ok(CBench* b) {
  int n = b->args_count();
  return n == -1 || n == 1;
}

}  // namespace

extern "C" {

sb_gb_bench* sb_gb_register(const char* name, sb_gb_fn fn, void* arg) {
  if (!name || !*name || !fn) return nullptr;
  try {
    CBench* b = new CBench(name, fn, arg);
    benchmark::internal::RegisterBenchmarkInternal(b);
    return reinterpret_cast<sb_gb_bench*>(b);
  } catch (...) {
    return nullptr;
  }
}

int sb_gb_arg(sb_gb_bench* h, int64_t x) {
  if (!h || !one_arg_ok(B(h))) return -EINVAL;
  B(h)->Arg(x);
  return 0;
}

int sb_gb_range(sb_gb_bench* h, int64_t lo, int64_t hi) {
  if (!h || lo < 0 || lo > hi || !one_arg_ok(B(h))) return -EINVAL;
  B(h)->Range(lo, hi);
  return 0;
}

int sb_gb_dense_range(sb_gb_bench* h, int64_t lo, int64_t hi, int step) {
  if (!h || lo > hi || step < 1 || !one_arg_ok(B(h))) return -EINVAL;
  B(h)->DenseRange(lo, hi, step);
  return 0;
}

int sb_gb_arg_name(sb_gb_bench* h, const char* name) {
  if (!h || !name || !one_arg_ok(B(h))) return -EINVAL;
  B(h)->ArgName(name);
  return 0;
}

int sb_gb_threads(sb_gb_bench* h, int n) {
  if (!h || n < 1) return -EINVAL;
  B(h)->Threads(n);
  return 0;
}

int sb_gb_thread_range(sb_gb_bench* h, int lo, int hi) {
  if (!h || lo < 1 || lo > hi) return -EINVAL;
  B(h)->ThreadRange(lo, hi);
  return 0;
}

int sb_gb_use_real_time(sb_gb_bench* h) {
  if (!h) return -EINVAL;
  B(h)->UseRealTime();
  return 0;
}

int sb_gb_repetitions(sb_gb_bench* h, int n) {
  if (!h || n < 1) return -EINVAL;
  B(h)->Repetitions(n);
  return 0;
}

int sb_gb_min_time(sb_gb_bench* h, double seconds) {
  if (!h || !(seconds > 0)) return -EINVAL;
  B(h)->MinTime(seconds);
  return 0;
}

int sb_gb_unit(sb_gb_bench* h, enum sb_gb_unit unit) {
  static const benchmark::TimeUnit units[] = {benchmark::kNanosecond, benchmark::kMicrosecond,
                                              benchmark::kMillisecond, benchmark::kSecond};
  if (!h || unit < SB_GB_NS || unit > SB_GB_S) return -EINVAL;
  B(h)->Unit(units[unit]);
  return 0;
}

// The loop's slow path: once per run, ask for all of the run's iterations in one batch (as
// google-benchmark's own range-for loop does); the next time, end the loop.
bool sb_gb__refill(sb_gb_state* st) {
  if (st->done_) return false;
  benchmark::State& s = *S(st);
  const benchmark::IterationCount n = s.max_iterations > 0 ? s.max_iterations : 1;
  if (s.KeepRunningBatch(n)) {
    st->left_ = n;
    return true;
  }
  st->left_ = 0;
  st->done_ = 1;
  return false;
}

int64_t sb_gb_range_arg(const sb_gb_state* st, size_t i) {
  // State keeps the arguments' count private; the benchmark knows it (args_n_).
  return i < static_cast<size_t>(st->args_n_) ? S(st)->range(i) : 0;
}

int64_t sb_gb_iterations(const sb_gb_state* st) {
  return static_cast<int64_t>(S(st)->iterations()) - st->left_ - st->unrun_;
}

int sb_gb_counter_set(sb_gb_state* st, const char* name, double value, unsigned flags) {
  using C = benchmark::Counter;
  if (!name || (flags & ~0x3fu)) return -EINVAL;
  int f = C::kDefaults;
  if (flags & SB_GB_COUNTER_RATE) f |= C::kIsRate;
  if (flags & SB_GB_COUNTER_AVG_THREADS) f |= C::kAvgThreads;
  if (flags & SB_GB_COUNTER_ITER_INVARIANT) f |= C::kIsIterationInvariant;
  if (flags & SB_GB_COUNTER_AVG_ITERATIONS) f |= C::kAvgIterations;
  if (flags & SB_GB_COUNTER_INVERT) f |= C::kInvert;
  C::OneK k = (flags & SB_GB_COUNTER_1024) ? C::kIs1024 : C::kIs1000;
  try {
    S(st)->counters[name] = C(value, static_cast<C::Flags>(f), k);
  } catch (...) {
    return -ENOMEM;
  }
  return 0;
}

void sb_gb_set_items_processed(sb_gb_state* st, int64_t items) { S(st)->SetItemsProcessed(items); }

void sb_gb_skip_with_error(sb_gb_state* st, const char* msg) {
  S(st)->SkipWithError(msg ? msg : "error");
  st->unrun_ += st->left_;
  st->left_ = 0;  // the next loop test goes to sb_gb__refill, which ends the loop
}

void sb_gb_pause_timing(sb_gb_state* st) { S(st)->PauseTiming(); }
void sb_gb_resume_timing(sb_gb_state* st) { S(st)->ResumeTiming(); }

int sb_gb_context_add(const char* key, const char* value) {
  if (!key || !value) return -EINVAL;
  try {
    auto*& ctx = benchmark::internal::GetGlobalContext();
    if (ctx && ctx->count(key)) return -EEXIST;
    benchmark::AddCustomContext(key, value);
  } catch (...) {
    return -ENOMEM;
  }
  return 0;
}

int sb_gb_initialize(int* argc, char** argv) {
  benchmark::Initialize(argc, argv);
  return 0;
}

int sb_gb_report_unrecognized(int argc, char** argv) {
  benchmark::ReportUnrecognizedArguments(argc, argv);
  return argc > 1 ? argc - 1 : 0;
}

size_t sb_gb_run_specified(void) { return benchmark::RunSpecifiedBenchmarks(); }

void sb_gb_shutdown(void) {
  benchmark::ClearRegisteredBenchmarks();
  benchmark::Shutdown();
}

}  // extern "C"
