// libFuzzer's driver, in the toolchain's libclang_rt.fuzzer (linked by -sanitize=fuzzer).
// SwiftPM links an executable with `--defsym main=<Module>_main`, so libFuzzer's own `main` is
// never used: the harness's main.swift calls the driver itself.
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));
