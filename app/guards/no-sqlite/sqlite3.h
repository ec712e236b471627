/* sqlite3.h, as seen from every layer but store/: only the store speaks SQL (DESIGN.md). */
#error "sqlite3.h is for app/store/ only: call a repository (store) or a service instead"
