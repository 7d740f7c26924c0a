#ifndef CLIBXML2_SHIM_H
#define CLIBXML2_SHIM_H
/* Debian's libxml2 is built with ICU: libxml/encoding.h then includes <unicode/ucnv.h>, whose
 * UErrorCode clashes with the toolchain's _FoundationICU in any module that also imports Foundation.
 * We never touch the ICU-only fields, so hide them. */
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/HTMLparser.h>
#include <libxml/HTMLtree.h>
#include <libxml/tree.h>
#include <libxml/parser.h>
#include <libxml/xmlerror.h>
/* xmlFree is a mutable C global (a function pointer) that Swift 6 rejects as shared mutable state. */
static inline void cxml_free(void *p) { xmlFree(p); }
/* xmlGenericErrorFunc is variadic, so Swift cannot provide one: silence generic errors from C. */
static void cxml_noop_generic_error(void *ctx, const char *msg, ...) { (void)ctx; (void)msg; }
static inline void cxml_silence_generic_errors(void) { xmlSetGenericErrorFunc(NULL, cxml_noop_generic_error); }
#endif
