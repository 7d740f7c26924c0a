/* poppler-glib's floor: the least any extractor built on poppler-glib can spend on a PDF.
 *
 *     cc -O2 bench/floor.c $(pkg-config --cflags --libs poppler-glib cairo) -o bench/work/floor
 *     bench/work/floor FILE.pdf MODE        MODE: text | render+text
 *
 * Opens FILE and takes its pages one at a time, as tally does:
 *   text         poppler_page_get_text + poppler_page_get_text_layout + poppler_page_get_text_attributes
 *                (everything freed): the characters, their boxes and their fonts, nothing else.
 *   render+text  first draws the page into an RGB24 image of the page size at SCALE pixels per point
 *                (tally's default `ruling_scale`, 1.0), painted white, with poppler_page_render, then the
 *                same three text calls (poppler fills the text page in the render pass, so they
 *                cost little more). What an extractor that reads rules from the rendered page pays.
 * Prints one line, e.g.
 *     floor mode=text pages=500 chars=1234567 cpu=0.412 wall=0.415
 * with cpu (user + system of this process) and wall in seconds from just before the document is
 * opened to after the last page (process start-up and library loading not included). Exit 1 when
 * the document cannot be opened, 2 on a usage error. A measuring tool of the benchmark only.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cairo.h>
#include <glib.h>
#include <poppler.h>

#define SCALE 1.0 /* PDFTableSettings.rulingScale's default */

static double seconds(clockid_t clock) {
  struct timespec ts;
  clock_gettime(clock, &ts);
  return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void quiet(const gchar *domain, GLogLevelFlags level, const gchar *message, gpointer data) {
  (void)domain, (void)level, (void)message, (void)data;
}

/* The three text calls, everything freed; returns the number of characters with a box. */
static guint text_of(PopplerPage *page) {
  char *text = poppler_page_get_text(page);
  PopplerRectangle *rects = NULL;
  guint n = 0;
  if (!poppler_page_get_text_layout(page, &rects, &n)) n = 0;
  GList *attrs = poppler_page_get_text_attributes(page);
  poppler_page_free_text_attributes(attrs);
  g_free(rects);
  g_free(text);
  return n;
}

/* Draws the page at SCALE into a white RGB24 image, as tally's PageCanvas does (one image reused
   while pages keep their size). Returns 0 when cairo fails. */
static int render(PopplerPage *page, cairo_surface_t **surface, int *sw, int *sh) {
  double w = 0, h = 0;
  poppler_page_get_size(page, &w, &h);
  if (!(w * SCALE < 1 << 15) || !(h * SCALE < 1 << 15)) return 0;
  int pw = (int)(w * SCALE), ph = (int)(h * SCALE); /* rounded up, as tally does; no libm needed */
  if (pw < w * SCALE) pw++;
  if (ph < h * SCALE) ph++;
  if (pw <= 0 || ph <= 0 || pw >= 1 << 15 || ph >= 1 << 15) return 0;
  if (*surface == NULL || pw != *sw || ph != *sh) {
    if (*surface) cairo_surface_destroy(*surface);
    *surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, pw, ph);
    *sw = pw, *sh = ph;
  }
  if (cairo_surface_status(*surface) != CAIRO_STATUS_SUCCESS) return 0;
  cairo_t *cr = cairo_create(*surface);
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_paint(cr);
  cairo_scale(cr, SCALE, SCALE);
  poppler_page_render(page, cr);
  cairo_destroy(cr);
  cairo_surface_flush(*surface);
  return 1;
}

int main(int argc, char **argv) {
  if (argc != 3 || (strcmp(argv[2], "text") != 0 && strcmp(argv[2], "render+text") != 0)) {
    fprintf(stderr, "usage: %s FILE.pdf text|render+text\n", argv[0]);
    return 2;
  }
  int rendering = strcmp(argv[2], "render+text") == 0;
  g_log_set_handler("Poppler", G_LOG_LEVEL_MASK | G_LOG_FLAG_FATAL | G_LOG_FLAG_RECURSION, quiet, NULL);

  double cpu0 = seconds(CLOCK_PROCESS_CPUTIME_ID), wall0 = seconds(CLOCK_MONOTONIC);
  GError *error = NULL;
  char *uri = g_filename_to_uri(argv[1], NULL, &error);
  if (uri == NULL && !g_path_is_absolute(argv[1])) {
    g_clear_error(&error);
    char *cwd = g_get_current_dir();
    char *abs = g_build_filename(cwd, argv[1], NULL);
    uri = g_filename_to_uri(abs, NULL, &error);
    g_free(abs);
    g_free(cwd);
  }
  PopplerDocument *doc = uri ? poppler_document_new_from_file(uri, NULL, &error) : NULL;
  g_free(uri);
  if (doc == NULL) {
    fprintf(stderr, "floor: cannot open %s: %s\n", argv[1], error ? error->message : "?");
    return 1;
  }
  int pages = poppler_document_get_n_pages(doc);
  unsigned long chars = 0;
  int failed = 0;
  cairo_surface_t *surface = NULL;
  int sw = 0, sh = 0;
  for (int i = 0; i < pages; i++) {
    PopplerPage *page = poppler_document_get_page(doc, i);
    if (page == NULL) {
      failed++;
      continue;
    }
    if (rendering && !render(page, &surface, &sw, &sh)) failed++;
    chars += text_of(page);
    g_object_unref(page);
  }
  if (surface) cairo_surface_destroy(surface);
  g_object_unref(doc);
  double cpu = seconds(CLOCK_PROCESS_CPUTIME_ID) - cpu0, wall = seconds(CLOCK_MONOTONIC) - wall0;
  printf("floor mode=%s pages=%d chars=%lu failed=%d cpu=%.4f wall=%.4f\n", argv[2], pages, chars, failed, cpu, wall);
  return 0;
}
