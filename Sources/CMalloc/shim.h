// glibc's malloc tuning (`mallopt`), which the Swift Glibc module does not export.
#include <malloc.h>
