// Command bigresult streams one very large result, SELECT id FROM
// range(N), through the kernel from a `sealane serve` it starts, checks
// that every row arrived (count and sum), and records the server's RSS
// every -every while it runs (VmRSS) and its peak (VmHWM). It prints the
// RSS curve and one summary line for bench/RESULTS.md. Linux only (/proc).
//
//	go run ./bench/bigresult -sealane bin/sealane -rows 2000000000 \
//	    -serve-flags "--memory-budget 268435456 --memory-limit 1GB"
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/sealane/sealane/kernel"
)

func main() {
	bin := flag.String("sealane", "bin/sealane", "the sealane binary")
	n := flag.Int64("rows", 100_000_000, "rows of range(N)")
	every := flag.Duration("every", 5*time.Second, "RSS sampling interval")
	serveFlags := flag.String("serve-flags", "", "extra `sealane serve` flags, space-separated")
	flag.Parse()
	if err := run(*bin, *n, *every, strings.Fields(*serveFlags)); err != nil {
		fmt.Fprintln(os.Stderr, "bigresult:", err)
		os.Exit(1)
	}
}

func run(bin string, n int64, every time.Duration, extra []string) error {
	ctx := context.Background()
	args := append([]string{"serve", "--addr", "127.0.0.1:0", "--token", "bench", "--json", "--log-level", "off"}, extra...)
	srv := exec.Command(bin, args...)
	out, err := srv.StdoutPipe()
	if err != nil {
		return err
	}
	srv.Stderr = os.Stderr
	if err := srv.Start(); err != nil {
		return err
	}
	defer func() { _ = srv.Process.Kill(); _ = srv.Wait() }()
	var ready struct {
		URL      string `json:"url"`
		HTTPPath string `json:"http_path"`
	}
	line, err := bufio.NewReader(out).ReadBytes('\n')
	if err != nil {
		return fmt.Errorf("server did not start: %w", err)
	}
	if err := json.Unmarshal(line, &ready); err != nil {
		return fmt.Errorf("server banner %q: %w", line, err)
	}
	pid := srv.Process.Pid

	start := time.Now()
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-t.C:
				fmt.Printf("t=%6.0fs server VmRSS %7.0f MiB\n", time.Since(start).Seconds(), procMiB(pid, "VmRSS"))
			}
		}
	}()

	cfg := kernel.NewConfig(kernel.WithHost(ready.URL), kernel.WithHTTPPath(ready.HTTPPath), kernel.WithAccessToken("bench"))
	conn, err := kernel.Connect(ctx, cfg)
	if err != nil {
		return err
	}
	defer func() { _ = conn.Close() }()
	rdr, err := conn.Query(ctx, fmt.Sprintf("SELECT id FROM range(%d)", n))
	if err != nil {
		return err
	}
	first := time.Since(start)
	var rows, sum int64
	for rdr.Next() {
		col := rdr.RecordBatch().Column(0).(*array.Int64)
		for _, v := range col.Int64Values() {
			sum += v
		}
		rows += int64(col.Len())
	}
	err = rdr.Err()
	rdr.Release()
	close(stop)
	wg.Wait()
	if err != nil {
		return err
	}
	peak := procMiB(pid, "VmHWM")
	want := n * (n - 1) / 2 // fits int64 up to ~4.29e9 rows
	fmt.Printf("rows %d (want %d), sum %d (want %d), statement done after %.1f s, all read after %.1f s, server peak RSS %.0f MiB\n",
		rows, n, sum, want, first.Seconds(), time.Since(start).Seconds(), peak)
	if rows != n || sum != want {
		return fmt.Errorf("rows or sum differ")
	}
	return nil
}

// procMiB reads a field of /proc/PID/status in MiB.
func procMiB(pid int, field string) float64 {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, field+":"); ok {
			kb, _ := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 64)
			return kb / 1024
		}
	}
	return 0
}
