package results

import (
	"fmt"

	"github.com/sealane/sealane/sea"
)

// InlineTooLargeError is Build's failure when an INLINE result outgrows
// Spec.InlineLimit; reading stops there.
type InlineTooLargeError struct {
	// Limit is the INLINE limit in bytes.
	Limit int64
}

// Error renders the failure as the service does.
func (e *InlineTooLargeError) Error() string {
	return "[INLINE_RESULT_TOO_LARGE] " + e.Message() + " SQLSTATE: " + e.SQLState()
}

// Class is the Databricks error class of the failure.
func (e *InlineTooLargeError) Class() string { return "INLINE_RESULT_TOO_LARGE" }

// SQLState is the failure's SQLSTATE.
func (e *InlineTooLargeError) SQLState() string { return "54000" }

// Message is the failure's message without class or SQLSTATE.
func (e *InlineTooLargeError) Message() string {
	return fmt.Sprintf("The result exceeds the INLINE limit of %d bytes; use disposition EXTERNAL_LINKS.", e.Limit)
}

// Format is the encoding of the result's chunks.
func (r *Result) Format() sea.Format { return r.format }

// Compressed reports whether the chunks are stored (and served) as LZ4 frames.
func (r *Result) Compressed() bool { return r.compression == sea.CompressionLZ4Frame }

// Inline reports whether the chunks go out in the response (attachments or
// data_array) rather than as external links.
func (r *Result) Inline() bool { return r.inline }

// Rows returns the cells of an INLINE JSON_ARRAY result (nil otherwise).
func (r *Result) Rows() [][]*string { return r.rows }

// NumChunks returns the number of chunks; an empty result has none.
func (r *Result) NumChunks() int { return len(r.chunks) }

// ChunkInfo describes chunk k (0 ≤ k < NumChunks).
func (r *Result) ChunkInfo(k int) sea.ChunkInfo {
	c := r.chunks[k]
	return sea.ChunkInfo{ChunkIndex: k, RowOffset: c.rowOffset, RowCount: c.rowCount, ByteCount: c.byteCount}
}

// ChunkData returns chunk k's stored bytes (0 ≤ k < NumChunks); nil for the
// chunk of an INLINE JSON_ARRAY result, whose cells are in Rows.
func (r *Result) ChunkData(k int) *Blob { return r.chunks[k].data }

// Size is the number of stored bytes.
func (b *Blob) Size() int64 { return b.size }
