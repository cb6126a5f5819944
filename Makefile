# CareGate: build, install and run as a service. docs/operations.md is the guide for a site.
#
#   make                       release binaries (swift build -c release, Swift runtime linked in)
#   make install               builds, then installs under PREFIX and SYSCONFDIR (DESTDIR for staging)
#   make install-files         installs already-built binaries from BIN_DIR without building
#   make uninstall             removes what install placed; never the state, the logs or edited configs
#   make test | demo           scripts/test.sh | scripts/demo.sh
#   make verify-install        scripts/verify-install.sh: install into a temporary root and check it
#   make resilience            scripts/resilience.sh: crash, broker loss, disk full, power loss, hostile input,
#                              security; prints the table, writes .build/resilience/report.json
#
# Example: make install DESTDIR=/tmp/root PREFIX=/usr

PREFIX ?= /usr/local
SYSCONFDIR ?= /etc
DESTDIR ?=
SWIFT ?= swift
SCRATCH ?= .build
# The Swift runtime and Foundation are linked statically: the box needs no Swift toolchain, only
# glibc, libmosquitto and libsqlite3 from Debian, and libcurl for the `caregate` CLI (its HTTP
# client is URLSession; the daemon does not load it). Building needs libcurl4-openssl-dev.
SWIFT_BUILD_FLAGS ?= -c release --static-swift-stdlib
BIN_DIR ?= $(SCRATCH)/release

bindir := $(PREFIX)/bin
sbindir := $(PREFIX)/sbin
datadir := $(PREFIX)/share/caregate
docdir := $(PREFIX)/share/doc/caregate
unitdir := $(PREFIX)/lib/systemd/system
sysusersdir := $(PREFIX)/lib/sysusers.d
confdir := $(SYSCONFDIR)/caregate
mosquittodir := $(SYSCONFDIR)/mosquitto
# Files rewritten for this PREFIX / SYSCONFDIR before they are installed or compared.
stage := $(SCRATCH)/install-stage

INSTALL ?= install
install_config := sh packaging/install-config.sh
# Post-install steps act on the running system only when installing into it.
live := $(if $(DESTDIR),no,yes)

.PHONY: all build install install-files stage uninstall test demo verify-install resilience clean-stage

all: build

build:
	$(SWIFT) build $(SWIFT_BUILD_FLAGS) --scratch-path $(SCRATCH) --product caregated
	$(SWIFT) build $(SWIFT_BUILD_FLAGS) --scratch-path $(SCRATCH) --product caregate

install: build
	$(MAKE) install-files

# The unit and the default configuration name the install paths; everything else ships as is.
stage:
	@mkdir -p $(stage)
	sed -e 's|/usr/bin/caregated|$(bindir)/caregated|' \
	    -e 's|/etc/caregate/|$(confdir)/|g' \
	    -e 's|/usr/share/doc/caregate/|$(docdir)/|' \
	    systemd/caregated.service > $(stage)/caregated.service
	if [ "$(datadir)/devices" = /usr/share/caregate/devices ]; then \
	  cp config/caregate.yaml $(stage)/caregate.yaml; \
	else \
	  sed 's|^# devices_dir: /usr/share/caregate/devices|devices_dir: $(datadir)/devices|' \
	    config/caregate.yaml > $(stage)/caregate.yaml; \
	fi
	sed -e 's|/etc/mosquitto/|$(mosquittodir)/|g' packaging/mosquitto/caregate.conf > $(stage)/mosquitto.conf

install-files: stage
	test -x $(BIN_DIR)/caregated && test -x $(BIN_DIR)/caregate
	$(INSTALL) -d $(DESTDIR)$(bindir) $(DESTDIR)$(sbindir) $(DESTDIR)$(unitdir) $(DESTDIR)$(sysusersdir) \
	    $(DESTDIR)$(datadir)/devices $(DESTDIR)$(docdir) $(DESTDIR)$(confdir)
	$(INSTALL) -m 0755 $(BIN_DIR)/caregated $(BIN_DIR)/caregate $(DESTDIR)$(bindir)/
	$(INSTALL) -m 0755 packaging/caregate-add-device $(DESTDIR)$(sbindir)/
	$(INSTALL) -m 0644 $(stage)/caregated.service $(DESTDIR)$(unitdir)/
	$(INSTALL) -m 0644 packaging/sysusers/caregate.conf $(DESTDIR)$(sysusersdir)/
	$(INSTALL) -m 0644 Devices/*.yaml $(DESTDIR)$(datadir)/devices/
	$(INSTALL) -m 0644 docs/operations.md $(DESTDIR)$(docdir)/
	$(install_config) $(stage)/caregate.yaml $(DESTDIR)$(confdir)/caregate.yaml 0644
	$(install_config) config/devices.example.yaml $(DESTDIR)$(confdir)/devices.example.yaml 0644
	$(install_config) packaging/logrotate/caregate $(DESTDIR)$(SYSCONFDIR)/logrotate.d/caregate 0644
	$(install_config) $(stage)/mosquitto.conf $(DESTDIR)$(mosquittodir)/conf.d/caregate.conf 0644
	$(install_config) packaging/mosquitto/caregate.acl $(DESTDIR)$(mosquittodir)/caregate.acl 0644
	@# The password file holds the site's credentials: created empty once, never replaced.
	[ -e $(DESTDIR)$(mosquittodir)/caregate.passwd ] || \
	  $(INSTALL) -m 0640 /dev/null $(DESTDIR)$(mosquittodir)/caregate.passwd
	@if [ $(live) = yes ]; then \
	  getent group mosquitto >/dev/null && chgrp mosquitto $(mosquittodir)/caregate.passwd; \
	  command -v systemd-sysusers >/dev/null && systemd-sysusers $(sysusersdir)/caregate.conf; \
	  if [ -d /run/systemd/system ]; then systemctl daemon-reload; fi; \
	  echo; \
	  echo "Installed. Next: caregate-add-device --gateway; edit $(confdir)/caregate.yaml;"; \
	  echo "  caregate check-config $(confdir)/caregate.yaml; systemctl restart mosquitto;"; \
	  echo "  systemctl enable --now caregated (docs: $(docdir)/operations.md)"; \
	fi

uninstall: stage
	@if [ $(live) = yes ] && [ -d /run/systemd/system ]; then \
	  systemctl disable --now caregated.service 2>/dev/null || true; \
	fi
	rm -f $(DESTDIR)$(bindir)/caregated $(DESTDIR)$(bindir)/caregate $(DESTDIR)$(sbindir)/caregate-add-device
	rm -f $(DESTDIR)$(unitdir)/caregated.service $(DESTDIR)$(sysusersdir)/caregate.conf
	rm -rf $(DESTDIR)$(datadir) $(DESTDIR)$(docdir)
	$(install_config) --uninstall $(stage)/caregate.yaml $(DESTDIR)$(confdir)/caregate.yaml
	$(install_config) --uninstall config/devices.example.yaml $(DESTDIR)$(confdir)/devices.example.yaml
	$(install_config) --uninstall packaging/logrotate/caregate $(DESTDIR)$(SYSCONFDIR)/logrotate.d/caregate
	$(install_config) --uninstall $(stage)/mosquitto.conf $(DESTDIR)$(mosquittodir)/conf.d/caregate.conf
	$(install_config) --uninstall packaging/mosquitto/caregate.acl $(DESTDIR)$(mosquittodir)/caregate.acl
	@# Credentials stay unless there are none.
	if [ -f $(DESTDIR)$(mosquittodir)/caregate.passwd ] && [ ! -s $(DESTDIR)$(mosquittodir)/caregate.passwd ]; then \
	  rm -f $(DESTDIR)$(mosquittodir)/caregate.passwd; \
	fi
	-rmdir $(DESTDIR)$(confdir) 2>/dev/null
	@if [ $(live) = yes ] && [ -d /run/systemd/system ]; then systemctl daemon-reload; fi
	@echo "State (/var/lib/caregate), logs (/var/log/caregate) and the user 'caregate' are kept."

test:
	scripts/test.sh

demo:
	scripts/demo.sh

verify-install:
	scripts/verify-install.sh

resilience:
	scripts/resilience.sh

clean-stage:
	rm -rf $(stage)
