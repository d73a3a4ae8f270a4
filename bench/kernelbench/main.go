// Command kernelbench measures the kernel and its faces against `sealane
// serve` running in its own process with an injected round trip, at the
// seed's sizes. Each measurement runs in a fresh child process so that its
// peak RSS is its own. It prints a Markdown table for bench/RESULTS.md.
//
//	go run ./bench/kernelbench -sealane bin/sealane -runs 5
//
// -rtt sets both latencies; -api-latency and -download-latency override it
// separately (a real workspace: control plane far, cloud storage near):
//
//	go run ./bench/kernelbench -api-latency 100ms -download-latency 20ms -modes kernel
//
// Peak RSS is reported twice: the child's whole-process high-water mark and
// its growth over the RSS measured right after connecting (the stream's own
// cost, the figure the memory budget bounds).
package main

import (
	"bufio"
	"context"
	"database/sql"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/sealane/sealane/kernel"
	"github.com/sealane/sealane/sqldriver"
)

// query is the fixed 5-column schema of every size.
const query = `SELECT id, id * 2 AS twice, CAST(id AS DOUBLE) / 3 AS third,
	'row_' || CAST(id %% 1000 AS VARCHAR) AS label, id %% 2 = 0 AS even FROM range(%d)`

func main() {
	bin := flag.String("sealane", "bin/sealane", "the sealane binary (serves the warehouse, runs the CLI)")
	runs := flag.Int("runs", 5, "runs per cell (median reported)")
	rtt := flag.Duration("rtt", 20*time.Millisecond, "injected round trip per API call and download")
	apiLat := flag.Duration("api-latency", 0, "injected latency per API call (default -rtt)")
	dlLat := flag.Duration("download-latency", 0, "injected latency per download (default -rtt)")
	linkPar := flag.Int("link-parallel", 0, "kernel CloudFetch.LinkParallel (0: the kernel's default)")
	serveFlags := flag.String("serve-flags", "", "extra `sealane serve` flags, space-separated (e.g. \"--chunk-rows 5000\")")
	samples := flag.String("samples", "", "append every run as a JSON line (label, mode, rows, seconds, RSS) to this file")
	label := flag.String("label", "", "label of this invocation's lines in -samples")
	budget := flag.Int64("memory-budget", 0, "kernel CloudFetch.MemoryBudget in bytes (0: the kernel's default)")
	jdbcUA := flag.Bool("jdbc-ua", false, "kernel CloudFetch.JDBCUserAgent: every link in the first response")
	compression := flag.String("compression", "", "kernel Config.Compression: lz4 (the default) or none (as Databricks' Rust kernel asks)")
	sizes := flag.String("sizes", "1,10000,500000,1000000,10000000", "row counts")
	modes := flag.String("modes", "kernel,database/sql,cli-parquet", "what to measure")
	child := flag.String("child", "", "internal: run one measurement (mode:rows:host:path)")
	flag.Parse()
	if *child != "" {
		if err := runChild(*child); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		return
	}
	if *apiLat <= 0 {
		*apiLat = *rtt
	}
	if *dlLat <= 0 {
		*dlLat = *rtt
	}
	// The children read the kernel settings from the environment.
	if *linkPar > 0 {
		_ = os.Setenv("KERNELBENCH_LINK_PARALLEL", strconv.Itoa(*linkPar))
	}
	if *jdbcUA {
		_ = os.Setenv("KERNELBENCH_JDBC_UA", "1")
	}
	if *compression != "" {
		if _, err := kernel.ParseCompression(*compression); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		_ = os.Setenv("KERNELBENCH_COMPRESSION", *compression)
	}
	if *budget > 0 {
		_ = os.Setenv("KERNELBENCH_MEMORY_BUDGET", strconv.FormatInt(*budget, 10))
	}
	if *samples != "" {
		f, err := os.OpenFile(*samples, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
		if err != nil {
			fmt.Fprintln(os.Stderr, "kernelbench:", err)
			os.Exit(1)
		}
		defer func() { _ = f.Close() }()
		sampleOut, sampleLabel = json.NewEncoder(f), *label
	}
	extraServeFlags = strings.Fields(*serveFlags)
	if err := runParent(*bin, *runs, *apiLat, *dlLat, *sizes, *modes); err != nil {
		fmt.Fprintln(os.Stderr, "kernelbench:", err)
		os.Exit(1)
	}
}

// sampleOut, when set, receives every run (-samples); extraServeFlags
// are added to the warehouse's command line (-serve-flags).
var (
	extraServeFlags []string
	sampleOut       *json.Encoder
	sampleLabel     string
)

type measurement struct {
	Seconds float64 `json:"seconds"`
	Rows    int64   `json:"rows"`
	RSSMiB  float64 `json:"rss_mib"`
	// BaseMiB is the child's RSS right after connecting (0 if unknown).
	BaseMiB float64 `json:"base_mib"`
}

func runParent(bin string, runs int, apiLat, dlLat time.Duration, sizeList, modeList string) error {
	args := append([]string{"serve", "--addr", "127.0.0.1:0", "--no-auth", "--json", "--log-level", "off",
		"--latency", apiLat.String(), "--download-latency", dlLat.String()}, extraServeFlags...)
	srv := exec.Command(bin, args...)
	out, err := srv.StdoutPipe()
	if err != nil {
		return err
	}
	if err := srv.Start(); err != nil {
		return err
	}
	defer func() { _ = srv.Process.Signal(syscall.SIGTERM); _ = srv.Wait() }()
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		return fmt.Errorf("warehouse did not start: %w", err)
	}
	var info struct{ URL, HTTPPath string }
	var raw map[string]any
	if err := json.Unmarshal([]byte(line), &raw); err != nil {
		return err
	}
	info.URL, info.HTTPPath = raw["url"].(string), raw["http_path"].(string)

	self, err := os.Executable()
	if err != nil {
		return err
	}
	fmt.Printf("API latency %s, download latency %s, %d runs per cell, link_parallel=%q jdbc_ua=%q memory_budget=%q compression=%q\n\n",
		apiLat, dlLat, runs, os.Getenv("KERNELBENCH_LINK_PARALLEL"), os.Getenv("KERNELBENCH_JDBC_UA"), os.Getenv("KERNELBENCH_MEMORY_BUDGET"),
		os.Getenv("KERNELBENCH_COMPRESSION"))
	fmt.Printf("| mode | rows | median time | min–max | rows/s | peak RSS (MiB) | peak over after-connect (MiB) |\n|---|---|---|---|---|---|---|\n")
	for _, mode := range strings.Split(modeList, ",") {
		for _, s := range strings.Split(sizeList, ",") {
			n, err := strconv.Atoi(s)
			if err != nil {
				return err
			}
			var ms []measurement
			for range runs {
				m, err := measure(self, bin, mode, n, info.URL, info.HTTPPath)
				if err != nil {
					return fmt.Errorf("%s %d: %w", mode, n, err)
				}
				if m.Rows != int64(n) {
					return fmt.Errorf("%s %d: got %d rows", mode, n, m.Rows)
				}
				ms = append(ms, m)
				if sampleOut != nil {
					_ = sampleOut.Encode(map[string]any{"label": sampleLabel, "mode": mode, "rows": n,
						"api_latency": apiLat.String(), "download_latency": dlLat.String(),
						"seconds": m.Seconds, "rss_mib": m.RSSMiB, "base_mib": m.BaseMiB})
				}
			}
			slices.SortFunc(ms, func(a, b measurement) int { return int((a.Seconds - b.Seconds) * 1e9) })
			med := ms[len(ms)/2]
			var peak, over float64
			for _, m := range ms {
				peak = max(peak, m.RSSMiB)
				if m.BaseMiB > 0 {
					over = max(over, m.RSSMiB-m.BaseMiB)
				}
			}
			overText := "—"
			if over > 0 {
				overText = fmt.Sprintf("%.0f", over)
			}
			fmt.Printf("| %s | %d | %.3f s | %.3f–%.3f | %.2f M | %.0f | %s |\n", mode, n, med.Seconds,
				ms[0].Seconds, ms[len(ms)-1].Seconds, float64(n)/med.Seconds/1e6, peak, overText)
		}
	}
	return nil
}

// measure runs one child process and reads its result and peak RSS.
func measure(self, bin, mode string, n int, url, path string) (measurement, error) {
	var cmd *exec.Cmd
	var m measurement
	if mode == "cli-parquet" {
		outFile := filepath.Join(os.TempDir(), "kernelbench.parquet")
		defer func() { _ = os.Remove(outFile) }()
		cmd = exec.Command(bin, "query", "--host", url, "--http-path", path, "--token", "bench",
			"--format", "parquet", "-o", outFile, fmt.Sprintf(query, n))
		start := time.Now()
		if out, err := cmd.CombinedOutput(); err != nil {
			return m, fmt.Errorf("%w: %s", err, out)
		}
		m.Seconds, m.Rows = time.Since(start).Seconds(), int64(n)
	} else {
		cmd = exec.Command(self, "-child", fmt.Sprintf("%s:%d:%s:%s", mode, n, url, path))
		out, err := cmd.Output()
		if err != nil {
			return m, err
		}
		if err := json.Unmarshal(out, &m); err != nil {
			return m, err
		}
	}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok && m.RSSMiB == 0 {
		m.RSSMiB = float64(ru.Maxrss) / 1024
	}
	return m, nil
}

// runChild performs one measurement and prints it as JSON.
func runChild(spec string) error {
	parts := strings.SplitN(spec, ":", 3)
	mode := parts[0]
	n, _ := strconv.Atoi(parts[1])
	rest := parts[2] // url:path, the URL itself has a colon
	i := strings.LastIndex(rest, ":/sql")
	url, path := rest[:i], rest[i+1:]
	ctx := context.Background()
	token := os.Getenv("SEALANE_BENCH_TOKEN") // the parent's server takes any token
	if token == "" {
		token = "bench"
	}
	cfg := kernel.NewConfig(kernel.WithHost(url), kernel.WithHTTPPath(path), kernel.WithAccessToken(token))
	cfg.CloudFetch.LinkParallel, _ = strconv.Atoi(os.Getenv("KERNELBENCH_LINK_PARALLEL"))
	cfg.CloudFetch.JDBCUserAgent = os.Getenv("KERNELBENCH_JDBC_UA") != ""
	cfg.CloudFetch.MemoryBudget, _ = strconv.ParseInt(os.Getenv("KERNELBENCH_MEMORY_BUDGET"), 10, 64)
	if c := os.Getenv("KERNELBENCH_COMPRESSION"); c != "" {
		cfg.Compression, _ = kernel.ParseCompression(c)
	}
	var rows int64
	var elapsed time.Duration
	var base float64
	switch mode {
	case "kernel":
		conn, err := kernel.Connect(ctx, cfg)
		if err != nil {
			return err
		}
		defer func() { _ = conn.Close() }()
		base = rssMiB("VmRSS")
		start := time.Now()
		rdr, err := conn.Query(ctx, fmt.Sprintf(query, n))
		if err != nil {
			return err
		}
		for rdr.Next() {
			rows += rdr.RecordBatch().NumRows()
		}
		err = rdr.Err()
		rdr.Release()
		elapsed = time.Since(start)
		if err != nil {
			return err
		}
	case "database/sql":
		db := sql.OpenDB(sqldriver.NewConnectorFromConfig(cfg))
		defer func() { _ = db.Close() }()
		if err := db.PingContext(ctx); err != nil {
			return err
		}
		base = rssMiB("VmRSS")
		start := time.Now()
		r, err := db.QueryContext(ctx, fmt.Sprintf(query, n))
		if err != nil {
			return err
		}
		var (
			id, twice int64
			third     float64
			label     string
			even      bool
		)
		for r.Next() {
			if err := r.Scan(&id, &twice, &third, &label, &even); err != nil {
				return err
			}
			rows++
		}
		if err := r.Err(); err != nil {
			return err
		}
		_ = r.Close()
		elapsed = time.Since(start)
	default:
		return fmt.Errorf("unknown mode %q", mode)
	}
	return json.NewEncoder(os.Stdout).Encode(measurement{Seconds: elapsed.Seconds(), Rows: rows,
		RSSMiB: rssMiB("VmHWM"), BaseMiB: base})
}

// rssMiB reads a field of /proc/self/status (VmRSS now, VmHWM the peak) in
// MiB; 0 where /proc is missing.
func rssMiB(field string) float64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, field+":"); ok {
			kb, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 64)
			if err != nil {
				return 0
			}
			return kb / 1024
		}
	}
	return 0
}
