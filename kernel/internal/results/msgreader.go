package results

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"sync/atomic"

	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// checkedMessages is an [ipc.MessageReader] for the streams decoded
// without segments (inline attachments). arrow-go's own message reader
// allocates what a message claims — its metadata length, its body length —
// before reading it, and parses metadata the reader has not checked, so a
// 451-byte attachment could take the process down (a schema claiming 64 GiB
// of metadata). This one checks the metadata (checkMessage), bounds the
// lengths (maxMetadata, maxBody) and grows its buffers as bytes arrive. It
// reads exactly one message at a time, so a stream that follows in the
// same reader is left for the next decoder.
type checkedMessages struct {
	r    io.Reader
	refs atomic.Int64
	msg  *ipc.Message
}

var _ ipc.MessageReader = (*checkedMessages)(nil)

func newCheckedMessages(r io.Reader) *checkedMessages {
	c := &checkedMessages{r: r}
	c.refs.Store(1)
	return c
}

// Retain implements ipc.MessageReader.
func (c *checkedMessages) Retain() { c.refs.Add(1) }

// Release implements ipc.MessageReader.
func (c *checkedMessages) Release() {
	if c.refs.Add(-1) == 0 && c.msg != nil {
		c.msg.Release()
		c.msg = nil
	}
}

// Message implements ipc.MessageReader: the next message, valid until the
// next call, or io.EOF at the end of the stream.
func (c *checkedMessages) Message() (msg *ipc.Message, err error) {
	defer func() {
		if r := recover(); r != nil {
			msg, err = nil, fmt.Errorf("arrow/ipc: invalid message metadata: %v", r)
		}
	}()
	if c.msg != nil {
		c.msg.Release()
		c.msg = nil
	}
	var word [4]byte
	if _, err := io.ReadFull(c.r, word[:]); err != nil {
		return nil, err // io.EOF: the stream ends cleanly
	}
	n := int64(int32(binary.LittleEndian.Uint32(word[:])))
	if uint32(n) == 0xFFFFFFFF { // continuation marker, then the length
		if _, err := io.ReadFull(c.r, word[:]); err != nil {
			return nil, unexpected(err)
		}
		n = int64(int32(binary.LittleEndian.Uint32(word[:])))
	}
	if n == 0 {
		return nil, io.EOF // end-of-stream marker
	}
	if n < 4 || n > maxMetadata {
		return nil, fmt.Errorf("arrow/ipc: invalid message metadata length %d", n)
	}
	raw, err := readClaimed(c.r, n)
	if err != nil {
		return nil, err
	}
	meta, bodyLen, err := checkedMetadata(raw)
	if err != nil {
		return nil, err
	}
	body, err := readClaimed(c.r, bodyLen)
	if err != nil {
		return nil, err
	}
	c.msg = ipc.NewMessage(meta, memory.NewBufferBytes(body))
	return c.msg, nil
}

// checkedMetadata checks a message's metadata (its flatbuffer vectors,
// then the body length it claims, against maxBody) and returns it as a
// buffer with that body length.
func checkedMetadata(raw []byte) (*memory.Buffer, int64, error) {
	if err := checkMessage(raw); err != nil {
		return nil, 0, err
	}
	meta := memory.NewBufferBytes(raw)
	probe := ipc.NewMessage(meta, memory.NewBufferBytes(nil))
	bodyLen := probe.BodyLen()
	probe.Release()
	if bodyLen < 0 || bodyLen > maxBody {
		return nil, 0, fmt.Errorf("arrow/ipc: invalid message body length %d", bodyLen)
	}
	return meta, bodyLen, nil
}

// readClaimed reads the n bytes a message claims, growing the buffer as
// they arrive rather than allocating n up front.
func readClaimed(r io.Reader, n int64) ([]byte, error) {
	var b bytes.Buffer
	b.Grow(int(min(n, 1<<20)))
	switch got, err := io.CopyN(&b, r, n); {
	case err == nil:
		return b.Bytes(), nil
	case errors.Is(err, io.EOF):
		return nil, fmt.Errorf("arrow/ipc: message cut after %d of %d bytes: %w", got, n, io.ErrUnexpectedEOF)
	default:
		return nil, err
	}
}
