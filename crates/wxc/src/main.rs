//! The `wxc` binary; everything lives in the library so tests can use it.

#![forbid(unsafe_code)]

// mimalloc: a bulk run allocates and frees a few small buffers per request,
// where glibc's allocator showed up as about a tenth of the CPU profile.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    wxc::main()
}
