package requesthook_test

import (
	"net"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"testing"

	"github.com/compose-spec/compose-go/v2/cli"
	"github.com/compose-spec/compose-go/v2/types"
	"go.yaml.in/yaml/v4"
)

// TestDockerCompose loads docker-compose.yml with compose-go, the loader
// Docker Compose itself uses, and checks that `docker compose up` gives a
// Jaeger v2 with OTLP and its UI on the host and the EC2 example sending to
// it, with the legacy log in a bind-mounted folder.
func TestDockerCompose(t *testing.T) {
	opts, err := cli.NewProjectOptions([]string{"docker-compose.yml"},
		cli.WithWorkingDirectory("."),
		cli.WithResolvedPaths(true),
	) // no OS environment: the file must not depend on the caller's
	if err != nil {
		t.Fatal(err)
	}
	p, err := opts.LoadProject(t.Context())
	if err != nil {
		t.Fatalf("docker-compose.yml does not load: %v", err)
	}
	if p.Name != "requesthook" {
		t.Errorf("project name %q, want requesthook", p.Name)
	}
	if names := p.ServiceNames(); !slices.Equal(sorted(names), []string{"ec2-example", "jaeger", "prometheus"}) {
		t.Fatalf("services %q, want ec2-example, jaeger and prometheus", names)
	}
	repo, err := filepath.Abs(".")
	if err != nil {
		t.Fatal(err)
	}

	t.Run("jaeger", func(t *testing.T) {
		j := p.Services["jaeger"]
		if j.Image != "jaegertracing/jaeger:2.13.0" {
			t.Errorf("image %q, want jaegertracing/jaeger:2.13.0", j.Image)
		}
		published := map[uint32]string{}
		for _, port := range j.Ports {
			if port.Protocol != "" && port.Protocol != "tcp" {
				t.Errorf("port %d: protocol %q, want tcp", port.Target, port.Protocol)
			}
			published[port.Target] = port.Published
		}
		for _, want := range []uint32{4317, 4318, 16686} { // OTLP gRPC, OTLP HTTP, UI
			if got := published[want]; got != strconv.Itoa(int(want)) {
				t.Errorf("container port %d published on %q, want the same port on the host", want, got)
			}
		}
		if got := env(j, "JAEGER_LISTEN_HOST"); got != "0.0.0.0" {
			t.Errorf("JAEGER_LISTEN_HOST = %q, want 0.0.0.0 (Jaeger must listen beyond the container's loopback)", got)
		}
		if len(j.Command) != 0 || len(j.Volumes) != 0 {
			t.Errorf("jaeger has command %q and volumes %v; want the image's in-memory all-in-one default", j.Command, j.Volumes)
		}
	})

	t.Run("ec2-example", func(t *testing.T) {
		e := p.Services["ec2-example"]
		if e.Image != "golang:1.26" {
			t.Errorf("image %q, want golang:1.26", e.Image)
		}
		goMod, err := os.ReadFile("go.mod")
		if err != nil {
			t.Fatal(err)
		}
		if m := regexp.MustCompile(`(?m)^go (1\.\d+)`).FindSubmatch(goMod); m == nil || "golang:"+string(m[1]) != e.Image {
			t.Errorf("image %q does not match go.mod's go directive %q", e.Image, m)
		}
		if _, ok := e.DependsOn["jaeger"]; !ok {
			t.Errorf("depends_on %v, want jaeger", e.DependsOn)
		}

		// OTLP goes to the jaeger service's OTLP/HTTP port.
		if got := env(e, "OTEL_EXPORTER_OTLP_ENDPOINT"); got != "http://jaeger:4318" {
			t.Errorf("OTEL_EXPORTER_OTLP_ENDPOINT = %q, want http://jaeger:4318", got)
		}
		if got := env(e, "OTEL_SERVICE_NAME"); got != "ec2-example" {
			t.Errorf("OTEL_SERVICE_NAME = %q, want ec2-example", got)
		}

		// The repository is mounted where the command runs, read-only.
		src := volume(t, e, "/src")
		if src.Type != types.VolumeTypeBind || src.Source != repo || !src.ReadOnly {
			t.Errorf("/src volume %+v, want a read-only bind of %s", src, repo)
		}
		if e.WorkingDir != "/src" {
			t.Errorf("working_dir %q, want /src", e.WorkingDir)
		}
		cmd := []string(e.Command)
		if len(cmd) < 3 || cmd[0] != "go" || cmd[1] != "run" {
			t.Fatalf("command %q, want go run ./examples/ec2 ...", cmd)
		}
		if fi, err := os.Stat(filepath.Join(repo, cmd[2])); err != nil || !fi.IsDir() {
			t.Errorf("command runs %q, not a folder of the repository (%v)", cmd[2], err)
		}
		if cmd[2] != "./examples/ec2" {
			t.Errorf("command runs %q, want ./examples/ec2", cmd[2])
		}

		// The legacy log goes to a folder bind-mounted from the host.
		logFlag := flagValue(cmd, "-log")
		logs := volume(t, e, filepath.ToSlash(filepath.Dir(logFlag)))
		if logs.Type != types.VolumeTypeBind || logs.Source != filepath.Join(repo, "logs") || logs.ReadOnly {
			t.Errorf("log volume %+v, want a writable bind of %s", logs, filepath.Join(repo, "logs"))
		}
		if logs.Bind == nil || !logs.Bind.CreateHostPath {
			t.Errorf("log volume %+v: want create_host_path, so ./logs need not exist", logs)
		}
		if filepath.Base(logFlag) != "request_log.csv" {
			t.Errorf("-log %q, want .../request_log.csv", logFlag)
		}
		// The summary links to the UI as the host sees it.
		if got := flagValue(cmd, "-jaeger-ui"); got != "http://localhost:16686" {
			t.Errorf("-jaeger-ui %q, want http://localhost:16686", got)
		}
		// It keeps running, for Prometheus to scrape, and serves its metrics
		// beyond the container's loopback.
		if got := flagValue(cmd, "-interval"); got == "" || got == "0" {
			t.Errorf("-interval %q, want a period: a single round exits before any scrape", got)
		}
		if host, _, err := net.SplitHostPort(flagValue(cmd, "-metrics-addr")); err != nil || host != "0.0.0.0" {
			t.Errorf("-metrics-addr %q, want 0.0.0.0:PORT (%v)", flagValue(cmd, "-metrics-addr"), err)
		}
	})

	t.Run("prometheus", func(t *testing.T) {
		pr := p.Services["prometheus"]
		if !regexp.MustCompile(`^prom/prometheus:v3\.\d+\.\d+$`).MatchString(pr.Image) {
			t.Errorf("image %q, want a pinned prom/prometheus:v3.x.y", pr.Image)
		}
		if len(pr.Ports) != 1 || pr.Ports[0].Target != 9090 || pr.Ports[0].Published != "9090" {
			t.Errorf("ports %+v, want 9090 on the host", pr.Ports)
		}
		if _, ok := pr.DependsOn["ec2-example"]; !ok {
			t.Errorf("depends_on %v, want ec2-example", pr.DependsOn)
		}
		cfg := volume(t, pr, "/etc/prometheus/prometheus.yml")
		if cfg.Type != types.VolumeTypeBind || cfg.Source != filepath.Join(repo, "prometheus.yml") || !cfg.ReadOnly {
			t.Errorf("config volume %+v, want a read-only bind of %s", cfg, filepath.Join(repo, "prometheus.yml"))
		}

		// prometheus.yml scrapes the example where -metrics-addr serves.
		b, err := os.ReadFile("prometheus.yml")
		if err != nil {
			t.Fatal(err)
		}
		var pc struct {
			ScrapeConfigs []struct {
				JobName       string `yaml:"job_name"`
				MetricsPath   string `yaml:"metrics_path"`
				StaticConfigs []struct {
					Targets []string `yaml:"targets"`
				} `yaml:"static_configs"`
			} `yaml:"scrape_configs"`
		}
		if err := yaml.Unmarshal(b, &pc); err != nil {
			t.Fatalf("prometheus.yml: %v", err)
		}
		_, port, _ := net.SplitHostPort(flagValue(p.Services["ec2-example"].Command, "-metrics-addr"))
		var targets []string
		for _, sc := range pc.ScrapeConfigs {
			if sc.MetricsPath != "" && sc.MetricsPath != "/metrics" {
				t.Errorf("job %s scrapes %s, want /metrics", sc.JobName, sc.MetricsPath)
			}
			for _, st := range sc.StaticConfigs {
				targets = append(targets, st.Targets...)
			}
		}
		if want := []string{"ec2-example:" + port}; !slices.Equal(targets, want) {
			t.Errorf("scrape targets %q, want %q", targets, want)
		}
	})
}

func sorted(s []string) []string {
	s = slices.Clone(s)
	slices.Sort(s)
	return s
}

// env returns a service's environment variable, "" when unset.
func env(s types.ServiceConfig, k string) string {
	if v, ok := s.Environment[k]; ok && v != nil {
		return *v
	}
	return ""
}

// volume returns the service's volume mounted at target.
func volume(t *testing.T, s types.ServiceConfig, target string) types.ServiceVolumeConfig {
	t.Helper()
	for _, v := range s.Volumes {
		if v.Target == target {
			return v
		}
	}
	t.Fatalf("service %s has no volume at %s: %+v", s.Name, target, s.Volumes)
	return types.ServiceVolumeConfig{}
}

// flagValue returns the argument after name in cmd.
func flagValue(cmd []string, name string) string {
	if i := slices.Index(cmd, name); i >= 0 && i+1 < len(cmd) {
		return cmd[i+1]
	}
	return ""
}
