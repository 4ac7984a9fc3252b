package main

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func writeProject(t *testing.T, dir, text string) {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "Pulumi.yaml"), []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestFindProjectFromProgramFolder(t *testing.T) {
	root := t.TempDir()
	writeProject(t, root, "name: p\nmain: src/\nruntime:\n  name: python\n  options:\n"+
		"    toolchain: pip\n    virtualenv: venv\n")
	program := filepath.Join(root, "src")
	if err := os.MkdirAll(program, 0o755); err != nil {
		t.Fatal(err)
	}
	proj, err := findProject(program)
	if err != nil || proj == nil {
		t.Fatalf("findProject: %v, %v", proj, err)
	}
	if proj.dir != root || proj.options["virtualenv"] != "venv" {
		t.Fatalf("got %+v", proj)
	}
	flags, err := languageHostFlags(proj)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"-root", root, "-virtualenv", "venv"}; !reflect.DeepEqual(flags, want) {
		t.Fatalf("flags %v, want %v", flags, want)
	}
}

func TestPlainRuntimeNameHasNoOptions(t *testing.T) {
	root := t.TempDir()
	writeProject(t, root, "name: p\nruntime: python\n")
	proj, err := findProject(root)
	if err != nil || proj == nil || len(proj.options) != 0 {
		t.Fatalf("got %+v, %v", proj, err)
	}
	if flags, err := languageHostFlags(proj); err != nil || flags != nil {
		t.Fatalf("flags %v, %v", flags, err)
	}
}

func TestUnsupportedToolchainIsRefusedByName(t *testing.T) {
	root := t.TempDir()
	writeProject(t, root, "name: p\nruntime:\n  name: python\n  options:\n    toolchain: uv\n")
	proj, err := findProject(root)
	if err != nil {
		t.Fatal(err)
	}
	_, err = languageHostFlags(proj)
	if err == nil || !strings.Contains(err.Error(), `toolchain: "uv"`) {
		t.Fatalf("err = %v", err)
	}
}

func TestProviderEnvResolvesAgainstProjectFolder(t *testing.T) {
	proj := &project{dir: "/p", options: map[string]string{"virtualenv": "venv"}}
	got := providerEnv(proj, []string{"A=1", "PULUMI_RUNTIME_VIRTUALENV=.venv"})
	want := []string{"A=1", "PULUMI_RUNTIME_VIRTUALENV=/p/.venv"}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	// No option from the engine (inline programs): the project file's.
	got = providerEnv(proj, []string{"A=1"})
	want = []string{"A=1", "PULUMI_RUNTIME_VIRTUALENV=/p/venv"}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	// Outside a project nothing changes.
	if got := providerEnv(nil, []string{"PULUMI_RUNTIME_VIRTUALENV=x"}); got[0] != "PULUMI_RUNTIME_VIRTUALENV=x" {
		t.Fatalf("got %v", got)
	}
}
