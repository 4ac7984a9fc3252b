// Command pythonhost makes the Python language host that scripts/install-pulumi.sh builds
// honour a project's runtime options, as a released Pulumi does.
//
// The installer builds the Python language host from an older SDK release (the Go module
// proxy serves no newer host module). That host reads its runtime options only from
// command-line flags (-virtualenv, -root), and the engine of the pinned release no longer
// passes them: it starts the host with the engine's address as the only argument, in the
// program's folder, and sends the options inside the RPC requests the old host ignores.
// Without help, `pulumi install` then creates the virtualenv in the project's own folder
// and `pulumi up` runs the program with whatever `python3` is on PATH.
//
// This program is installed beside `pulumi` under two names:
//
//   - pulumi-language-python: finds the project file (Pulumi.yaml or Pulumi.yml) from the
//     folder the engine starts it in, reads runtime.options, and executes the real host
//     (../libexec/pulumi-language-python) with -root and -virtualenv. A toolchain the old
//     host cannot serve (anything but pip) stops with a clear message instead of being
//     ignored.
//   - pulumi-resource-pulumi-python (the host of dynamic providers): the engine hands it the
//     options as PULUMI_RUNTIME_* variables and starts it in the program's folder; a
//     relative virtualenv is resolved here against the project's folder, as the option is
//     documented, and taken from the project file when the engine passes none (inline
//     programs of the Automation API); then the SDK's own script
//     (../libexec/pulumi-resource-pulumi-python) runs.
//
// Outside a project (no project file above the working folder) both pass everything
// through unchanged.
package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"

	"gopkg.in/yaml.v3"
)

// projectFiles are the names the engine accepts for a project file, in its order.
var projectFiles = []string{"Pulumi.yaml", "Pulumi.yml"}

// project is the part of a project file this program needs.
type project struct {
	dir     string            // the folder holding the project file
	file    string            // the project file's path
	options map[string]string // runtime.options, values as the engine renders them
}

func main() {
	name := filepath.Base(os.Args[0])
	if err := run(name, os.Args[1:]); err != nil {
		fmt.Fprintf(os.Stderr, "%s: %v\n", name, err)
		os.Exit(1)
	}
}

func run(name string, args []string) error {
	self, err := os.Executable()
	if err != nil {
		return fmt.Errorf("locating this executable: %w", err)
	}
	if self, err = filepath.EvalSymlinks(self); err != nil {
		return fmt.Errorf("locating this executable: %w", err)
	}
	cwd, err := os.Getwd()
	if err != nil {
		return fmt.Errorf("reading the working folder: %w", err)
	}
	proj, err := findProject(cwd)
	if err != nil {
		return err
	}
	real := filepath.Join(filepath.Dir(self), "..", "libexec", name)
	switch {
	case strings.HasPrefix(name, "pulumi-language-"):
		flags, err := languageHostFlags(proj)
		if err != nil {
			return err
		}
		return execute(real, append(flags, args...), os.Environ())
	case strings.HasPrefix(name, "pulumi-resource-"):
		return execute(real, args, providerEnv(proj, os.Environ()))
	default:
		return fmt.Errorf("installed under an unknown name (expected pulumi-language-python " +
			"or pulumi-resource-pulumi-python)")
	}
}

// languageHostFlags are the flags that hand the project's runtime options to the host.
func languageHostFlags(proj *project) ([]string, error) {
	if proj == nil {
		return nil, nil
	}
	if tc := proj.options["toolchain"]; tc != "" && tc != "pip" {
		return nil, fmt.Errorf("%s: runtime option toolchain: %q is not supported by this "+
			"Python language host, which knows only pip; use toolchain: pip with a virtualenv",
			proj.file, tc)
	}
	venv := proj.options["virtualenv"]
	if venv == "" {
		return nil, nil
	}
	// The host resolves a relative -virtualenv against -root, as the option is documented.
	return []string{"-root", proj.dir, "-virtualenv", venv}, nil
}

// providerEnv is env with PULUMI_RUNTIME_VIRTUALENV set to the project's virtualenv, as an
// absolute path. The engine passes the option relative, and starts the provider in the
// program's folder, which differs from the project's when Pulumi.yaml sets `main`. For an
// Automation API inline program it passes no option at all (the runtime options are then
// those of the in-process program), although the workspace's project file names one.
func providerEnv(proj *project, env []string) []string {
	const key = "PULUMI_RUNTIME_VIRTUALENV="
	if proj == nil {
		return env
	}
	venv := proj.options["virtualenv"]
	out := make([]string, 0, len(env)+1)
	for _, kv := range env {
		if given, ok := strings.CutPrefix(kv, key); ok {
			if given != "" {
				venv = given
			}
			continue
		}
		out = append(out, kv)
	}
	if venv == "" {
		return out
	}
	if !filepath.IsAbs(venv) {
		venv = filepath.Join(proj.dir, venv)
	}
	return append(out, key+venv)
}

// findProject reads the nearest project file at or above dir; nil when there is none.
func findProject(dir string) (*project, error) {
	for {
		for _, name := range projectFiles {
			file := filepath.Join(dir, name)
			data, err := os.ReadFile(file)
			if errors.Is(err, fs.ErrNotExist) {
				continue
			}
			if err != nil {
				return nil, fmt.Errorf("reading %s: %w", file, err)
			}
			options, err := runtimeOptions(data)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", file, err)
			}
			return &project{dir: dir, file: file, options: options}, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return nil, nil
		}
		dir = parent
	}
}

// runtimeOptions are runtime.options of a project file (none when runtime is a plain name).
func runtimeOptions(data []byte) (map[string]string, error) {
	var doc struct {
		Runtime yaml.Node `yaml:"runtime"`
	}
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("not valid YAML: %w", err)
	}
	if doc.Runtime.Kind != yaml.MappingNode {
		return map[string]string{}, nil
	}
	var runtime struct {
		Options map[string]any `yaml:"options"`
	}
	if err := doc.Runtime.Decode(&runtime); err != nil {
		return nil, fmt.Errorf("runtime.options must be a mapping: %w", err)
	}
	options := make(map[string]string, len(runtime.Options))
	for k, v := range runtime.Options {
		options[k] = fmt.Sprintf("%v", v)
	}
	return options, nil
}

// execute replaces this process with path, so that the engine's signals reach it.
func execute(path string, args []string, env []string) error {
	if _, err := os.Stat(path); err != nil {
		return fmt.Errorf("the real host is missing (%w); run scripts/install-pulumi.sh again", err)
	}
	return syscall.Exec(path, append([]string{path}, args...), env)
}
