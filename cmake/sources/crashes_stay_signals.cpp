// Linked into the programs that crash on purpose (the reference agent's fault switches, the
// process tests' misbehaving child), so that the harness can be seen to catch a death by signal
// and a core dump. Built with AddressSanitizer they would otherwise turn SIGSEGV into "exit 1"
// and set their own core limit to 0; these defaults keep a crash what it is. Without a
// sanitizer this file is empty.
#if defined(__SANITIZE_ADDRESS__)
extern "C" const char* __asan_default_options() {
  return "handle_segv=0:handle_sigbus=0:handle_sigfpe=0:disable_coredump=0";
}
#endif
