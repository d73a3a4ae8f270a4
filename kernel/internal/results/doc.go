// Package results turns a statement's manifest and first result chunk into a
// streaming [array.RecordReader]: the kernel's result reader.
//
// NewReader picks the carrier from what the server sent, never from what was
// requested:
//
//   - an inline attachment: one Arrow IPC stream, LZ4-framed when
//     manifest.result_compression is LZ4_FRAME;
//   - multi-chunk inline: attachments of chunks 1..N-1 fetched through the
//     Fetcher, LZ4-decoded one by one and read as one IPC stream in order;
//   - external links (CloudFetch): presigned downloads run in parallel,
//     bounded by a byte budget, decoded as they stream in and delivered
//     strictly in chunk order, with link refresh and retries;
//   - data_array (JSON_ARRAY) cells, converted with SchemaFromManifest;
//   - no result at all: an empty reader with the manifest's schema.
//
// Every reader checks rows per chunk against the chunk's row_count (padding
// rows beyond it are sliced off, missing rows are an error) and the total
// against manifest.total_row_count, renames columns by manifest position,
// and coalesces small batches across chunk boundaries to Config.BatchRows.
//
// # Memory
//
// Config.MemoryBudget bounds the chunk bytes received but not yet decoded,
// counted as received (compressed). Chunks are admitted to download in
// chunk order, so the chunk the reader needs next never waits behind later
// ones, and a chunk larger than the budget downloads alone. Below the
// budget, downloads run only as far ahead of the reader as it needs: 2
// chunks at first, one more (up to Parallel) each time the reader finds
// its next chunk not yet downloaded, so a reader slower than the network
// keeps a few chunks buffered, not the whole budget. Each chunk is
// buffered once, compressed, and decoded from that buffer as it fills by
// one of at most four decoders, each of which queues at most 8 MiB of
// batches ahead of the reader; coalescing holds fewer than BatchRows rows.
// A decoder decompresses an LZ4 chunk into segments of at most 8 MiB (a
// larger IPC message gets one of its own) and the batches it reads slice
// them without a copy, so a segment lives until the last batch built from
// it is released. An uncompressed chunk is not copied at all: its batches
// slice the download buffer, which is reused only once the last of them
// is released (its budget reservation, like a compressed chunk's, ends
// when the chunk is decoded). The reader recycles segments, coalesced fixed-width
// columns and chunk buffers instead of allocating fresh ones, keeping at
// most 32 MiB of segments and columns and four chunk buffers idle until
// it is released.
//
// # Links
//
// The links of the Prefetch chunks ahead are fetched concurrently,
// LinkParallel requests at a time, and every link an answer carries is
// kept (the service may answer chunk k with the links of k, k+1, …, and
// answers the DatabricksJDBCDriverOSS User-Agent with all of them at
// once); a chunk's download starts as soon as its link and every earlier
// chunk's have arrived. Without manifest.total_chunk_count the reader
// follows next_chunk_index, one request at a time.
//
// A reader owns its goroutines: Release stops downloads in flight and
// returns once they have exited; cancelling the context passed to NewReader
// makes Next return false with Err wrapping context.Canceled.
//
// The package is pure Go (it builds with CGO_ENABLED=0) and never sends an
// Authorization header to a presigned URL.
package results
