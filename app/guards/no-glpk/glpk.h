/* glpk.h, as seen from every folder but core/roster/solver/: the solver's LPs stay inside the solver. */
#error "glpk.h is for app/core/roster/solver/ only"
