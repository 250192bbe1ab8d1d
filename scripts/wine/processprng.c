/* For wine only (Debian 12's wine 8 lacks it; Windows 10 has it): ProcessPrng, which Rust's
   standard library imports from bcryptprimitives.dll, through the older SystemFunction036
   (RtlGenRandom). scripts/windows-check.sh builds it at test time; it is never shipped. */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG len);

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len) {
    while (len > 0) {
        ULONG n = len > 0x10000000 ? 0x10000000 : (ULONG)len;
        if (!SystemFunction036(data, n)) return FALSE;
        data += n;
        len -= n;
    }
    return TRUE;
}
