// The system's names and their sysctls (uts_name.h). Linux keeps them in
// the UTS namespace; kernel/utsname_sysctl.c makes their /proc/sys files.
#include "kernel/uts_name.h"

#include "kernel/lib/format.h"
#include "kernel/lib/string.h"
#include "kernel/sysctl/sysctl.h"

namespace uts {
namespace {

char host[kNameLength + 1] = "tether";
char domain[kNameLength + 1] = "(none)";  // Linux's UTS_DOMAINNAME: none set
const char kOsType[] = "Tether";
const char kOsRelease[] = "0.1";
const char kVersion[] = "#1 " __DATE__;

void set(char* field, const char* name, size_t length) {
  memset(field, 0, kNameLength + 1);
  memcpy(field, name, length);
}

// The value and a newline, as Linux's proc_dostring shows a string.
size_t read_name(const sysctl::Setting& self, char* buffer, size_t size) {
  return format(buffer, size, "%s\n", static_cast<const char*>(self.data));
}

// A write ends at the first newline (what `echo NAME >` adds); a name
// longer than 64 bytes is cut, silently, as Linux's proc_dostring does.
KStatus write_name(const sysctl::Setting& self, const char* text, size_t length) {
  size_t n = 0;
  while (n < length && text[n] != '\n' && text[n] != '\0') n++;
  set(static_cast<char*>(self.data), text, n < kNameLength ? n : kNameLength);
  return ok();
}

sysctl::Setting settings[] = {
    {"kern.hostname", "kernel/hostname", "the host name (uname -n, sethostname(2))", true, read_name, write_name,
     host},
    {"kern.domainname", "kernel/domainname", "the NIS domain name (setdomainname(2))", true, read_name, write_name,
     domain},
    {"kern.ostype", "kernel/ostype", "the kernel's name (uname -s)", false, read_name, nullptr,
     const_cast<char*>(kOsType)},
    {"kern.osrelease", "kernel/osrelease", "the kernel's release (uname -r)", false, read_name, nullptr,
     const_cast<char*>(kOsRelease)},
    {"kern.version", "kernel/version", "the kernel's version (uname -v)", false, read_name, nullptr,
     const_cast<char*>(kVersion)},
};
struct Register {
  Register() {
    for (sysctl::Setting& s : settings) sysctl::add(&s);
  }
} register_settings;

}  // namespace

const char* os_type() { return kOsType; }
const char* os_release() { return kOsRelease; }
const char* version() { return kVersion; }
const char* host_name() { return host; }
const char* domain_name() { return domain; }

void set_host_name(const char* name, size_t length) { set(host, name, length); }
void set_domain_name(const char* name, size_t length) { set(domain, name, length); }

}  // namespace uts
