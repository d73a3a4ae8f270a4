// Command mixedload measures how long quick statements wait while long ones
// run: it starts `sealane serve`, then N clients, each with its own kernel
// connection, for a fixed time — some drain a large result over and over,
// the rest run SELECT 1 — and prints the latency percentiles of each kind
// and the errors seen.
//
//	go run ./bench/mixedload -sealane bin/sealane -clients 64 -big 16 -rows 1000000 -duration 30s
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/sealane/sealane/kernel"
)

func main() {
	bin := flag.String("sealane", "bin/sealane", "the sealane binary")
	clients := flag.Int("clients", 64, "clients in all")
	big := flag.Int("big", 16, "clients draining a large result")
	rows := flag.Int("rows", 1_000_000, "rows of the large result")
	duration := flag.Duration("duration", 30*time.Second, "how long the load runs")
	extra := flag.String("serve-args", "", "extra `sealane serve` flags, space-separated")
	flag.Parse()
	if err := run(*bin, *clients, *big, *rows, *duration, strings.Fields(*extra)); err != nil {
		fmt.Fprintln(os.Stderr, "mixedload:", err)
		os.Exit(1)
	}
}

func run(bin string, clients, big, rows int, d time.Duration, extra []string) error {
	args := append([]string{"serve", "--addr", "127.0.0.1:0", "--no-auth", "--json", "--log-level", "off"}, extra...)
	srv := exec.Command(bin, args...)
	out, err := srv.StdoutPipe()
	if err != nil {
		return err
	}
	if err := srv.Start(); err != nil {
		return err
	}
	defer func() { _ = srv.Process.Kill(); _ = srv.Wait() }()
	var ready struct {
		URL      string `json:"url"`
		HTTPPath string `json:"http_path"`
	}
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	if err := json.Unmarshal([]byte(line), &ready); err != nil {
		return err
	}

	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	var (
		mu        sync.Mutex
		lat       = map[string][]time.Duration{}
		errs      = map[string]int{}
		wg        sync.WaitGroup
		bigQuery  = fmt.Sprintf("SELECT id, id * 2 AS twice, CAST(id AS STRING) AS s FROM range(%d)", rows)
		quickText = "SELECT 1"
	)
	for i := range clients {
		kind, q := "quick", quickText
		if i < big {
			kind, q = "big", bigQuery
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			conn, err := kernel.Connect(context.Background(), kernel.NewConfig(kernel.WithHost(ready.URL),
				kernel.WithHTTPPath(ready.HTTPPath), kernel.WithAccessToken("none")))
			if err != nil {
				mu.Lock()
				errs[kind+": connect"]++
				mu.Unlock()
				return
			}
			defer func() { _ = conn.Close() }()
			for ctx.Err() == nil {
				start := time.Now()
				err := drain(ctx, conn, q)
				took := time.Since(start)
				mu.Lock()
				switch {
				case err == nil:
					lat[kind] = append(lat[kind], took)
				case ctx.Err() == nil:
					errs[kind+": "+err.Error()]++
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	fmt.Printf("%d clients (%d draining %d rows, %d running SELECT 1) for %s\n", clients, big, rows, clients-big, d)
	for _, kind := range []string{"quick", "big"} {
		l := lat[kind]
		sort.Slice(l, func(i, j int) bool { return l[i] < l[j] })
		if len(l) == 0 {
			fmt.Printf("%-5s no statement finished\n", kind)
			continue
		}
		p := func(q float64) time.Duration { return l[min(len(l)-1, int(q*float64(len(l))))] }
		fmt.Printf("%-5s n=%-6d p50 %-10s p90 %-10s p99 %-10s max %s\n", kind, len(l), p(0.5).Round(time.Millisecond),
			p(0.9).Round(time.Millisecond), p(0.99).Round(time.Millisecond), l[len(l)-1].Round(time.Millisecond))
	}
	n := 0
	for e, c := range errs {
		fmt.Printf("error ×%d: %s\n", c, e)
		n += c
	}
	fmt.Printf("errors: %d\n", n)
	return nil
}

// drain runs q and reads every batch.
func drain(ctx context.Context, conn *kernel.Conn, q string) error {
	rdr, err := conn.Query(ctx, q)
	if err != nil {
		return err
	}
	defer rdr.Release()
	for rdr.Next() {
		continue
	}
	return rdr.Err()
}
