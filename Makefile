# surveykit - one non-recursive Makefile.
#   make demo      set up, build, NPS by region of the sample survey
#   make check     set up, build with -Werror, run every test
#   make bench     time the tools against peers (bench/run.sh)
#   make sanitize  the test suite under ASan+UBSan;  make valgrind  under valgrind
#   make fuzz      each libFuzzer target for FUZZ_SECONDS (default 60)
#   make coverage  line coverage of lib/ by the test suite
#   make install / uninstall   (PREFIX, DESTDIR)
.SUFFIXES:
.SECONDARY:

PREFIX  ?= /usr/local
DESTDIR ?=
CC      ?= cc
CFLAGS  ?= -O2 -g
WARN     = -Wall -Wextra
STD      = -std=gnu11
B       ?= build
VERSION := $(shell grep 'define SVY_VERSION' lib/svy.h | cut -d'"' -f2)
GSL_LIBS = $$(pkg-config --libs gsl 2>/dev/null || echo -lgsl -lgslcblas -lm)
LDLIBS   = -lcsv $(GSL_LIBS) -pthread
ALLCFLAGS = $(STD) $(WARN) $(CFLAGS) $(EXTRA_CFLAGS) -Ilib -Ilib/ingest -Icmd/common

LIB_SRC   := $(wildcard lib/*.c lib/ingest/*.c)
LIB_OBJ   := $(LIB_SRC:%.c=$(B)/%.o)
TOOLS     := $(patsubst cmd/%.c,%,$(wildcard cmd/*.c))
BINS      := $(TOOLS:%=$(B)/bin/%)
UNIT_SRC  := $(wildcard tests/unit/test_*.c)
UNITS     := $(UNIT_SRC:tests/unit/%.c=$(B)/tests/%)
HEADERS   := $(wildcard lib/*.h lib/ingest/*.h cmd/common/*.h)

all: $(BINS) $(B)/libsvy.a $(UNITS)

$(B)/%.o: %.c $(HEADERS)
	@mkdir -p $(@D)
	$(CC) $(ALLCFLAGS) -c $< -o $@

$(B)/libsvy.a: $(LIB_OBJ)
	@rm -f $@
	$(AR) rcs $@ $(LIB_OBJ)

$(B)/bin/%: $(B)/cmd/%.o $(B)/cmd/common/tool.o $(B)/libsvy.a
	@mkdir -p $(@D)
	$(CC) $(ALLCFLAGS) $(LDFLAGS) -o $@ $(B)/cmd/$*.o $(B)/cmd/common/tool.o $(B)/libsvy.a $(LDLIBS)

$(B)/tests/%: tests/unit/%.c $(B)/libsvy.a tests/unit/tap.h
	@mkdir -p $(@D)
	$(CC) $(ALLCFLAGS) -Itests/unit $(LDFLAGS) -o $@ $< $(B)/libsvy.a $(LDLIBS)

deps:
	@sh scripts/deps build

deps-check:
	@sh scripts/deps check

demo: deps
	@$(MAKE) --no-print-directory all
	@echo
	@echo '$$ nps --by region --total --format table samples/survey.csv'
	@$(B)/bin/nps --by region --total --format table samples/survey.csv

check: deps-check
	@$(MAKE) --no-print-directory all EXTRA_CFLAGS=-Werror
	@B=$(B) bash tests/run.sh

test: all
	@B=$(B) bash tests/run.sh

sanitize: deps-check
	@$(MAKE) --no-print-directory all B=build-san CC=clang \
		EXTRA_CFLAGS='-Werror -O1 -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all' \
		LDFLAGS='-fsanitize=address,undefined'
	@B=build-san ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 bash tests/run.sh

valgrind:
	@sh scripts/deps valgrind
	@$(MAKE) --no-print-directory all
	@B=$(B) VALGRIND=1 bash tests/run.sh

bench:
	@sh scripts/deps bench
	@$(MAKE) --no-print-directory all
	@NPS=$(B)/bin/nps bash bench/run.sh

fuzz: deps-check
	@bash scripts/fuzz.sh

coverage: deps-check
	@bash scripts/coverage.sh

lint:
	mandoc -Tlint -W warning man/man1/*.1 man/man7/*.7

install: all
	mkdir -p $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1 \
		$(DESTDIR)$(PREFIX)/share/man/man7 $(DESTDIR)$(PREFIX)/lib \
		$(DESTDIR)$(PREFIX)/include/svy
	cp $(BINS) $(DESTDIR)$(PREFIX)/bin/
	cp man/man1/*.1 $(DESTDIR)$(PREFIX)/share/man/man1/
	cp man/man7/*.7 $(DESTDIR)$(PREFIX)/share/man/man7/
	cp $(B)/libsvy.a $(DESTDIR)$(PREFIX)/lib/
	cp lib/*.h $(DESTDIR)$(PREFIX)/include/svy/
	mkdir -p $(DESTDIR)$(PREFIX)/lib/pkgconfig \
		$(DESTDIR)$(PREFIX)/share/bash-completion/completions \
		$(DESTDIR)$(PREFIX)/share/zsh/site-functions
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@VERSION@|$(VERSION)|' scripts/svy.pc.in \
		> $(DESTDIR)$(PREFIX)/lib/pkgconfig/svy.pc
	for t in $(TOOLS); do cp scripts/completion/surveykit.bash \
		$(DESTDIR)$(PREFIX)/share/bash-completion/completions/$$t; done
	cp scripts/completion/_surveykit $(DESTDIR)$(PREFIX)/share/zsh/site-functions/

uninstall:
	for t in $(TOOLS); do rm -f $(DESTDIR)$(PREFIX)/bin/$$t; done
	for m in man/man1/*.1; do rm -f $(DESTDIR)$(PREFIX)/share/man/man1/$${m##*/}; done
	for m in man/man7/*.7; do rm -f $(DESTDIR)$(PREFIX)/share/man/man7/$${m##*/}; done
	rm -f $(DESTDIR)$(PREFIX)/lib/libsvy.a $(DESTDIR)$(PREFIX)/lib/pkgconfig/svy.pc
	for t in $(TOOLS); do rm -f $(DESTDIR)$(PREFIX)/share/bash-completion/completions/$$t; done
	rm -f $(DESTDIR)$(PREFIX)/share/zsh/site-functions/_surveykit
	rm -rf $(DESTDIR)$(PREFIX)/include/svy

clean:
	rm -rf build build-san build-fuzz build-cov

.PHONY: all deps deps-check demo check test sanitize valgrind bench fuzz coverage lint install uninstall clean
