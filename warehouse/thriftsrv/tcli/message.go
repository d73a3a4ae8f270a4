package tcli

import (
	"context"
	"fmt"

	"github.com/apache/thrift/lib/go/thrift"
)

// Call is one decoded request message: the method name, sequence id and
// the protocol positioned at the start of the argument struct.
type Call struct {
	Method string
	SeqID  int32
	proto  thrift.TProtocol
}

// ReadCall reads a message header. The caller then reads the argument with
// ReadArg.
func ReadCall(ctx context.Context, p thrift.TProtocol) (*Call, error) {
	name, typ, seq, err := p.ReadMessageBegin(ctx)
	if err != nil {
		return nil, fmt.Errorf("%w: message header: %w", ErrDecode, err)
	}
	if typ != thrift.CALL && typ != thrift.ONEWAY {
		return nil, fmt.Errorf("%w: message type %d is not a call", ErrDecode, typ)
	}
	return &Call{Method: name, SeqID: seq, proto: p}, nil
}

// args is the argument struct of every TCLIService method: field 1, req.
type args[T any] struct {
	Req T `thrift:"1"`
}

// result is the result struct of every TCLIService method: field 0, success.
type result[T any] struct {
	Success T `thrift:"0"`
}

// ReadArg reads the call's single argument (field 1 of the args struct)
// into req, a pointer to a request struct.
func ReadArg[T any](ctx context.Context, c *Call, req *T) error {
	var a args[T]
	if err := ReadStruct(ctx, c.proto, &a); err != nil {
		return err
	}
	if err := c.proto.ReadMessageEnd(ctx); err != nil {
		return fmt.Errorf("%w: message end: %w", ErrDecode, err)
	}
	*req = a.Req
	return nil
}

// WriteReply writes a REPLY message carrying resp as the method's success value.
func WriteReply[T any](ctx context.Context, p thrift.TProtocol, method string, seq int32, resp T) error {
	if err := p.WriteMessageBegin(ctx, method, thrift.REPLY, seq); err != nil {
		return err
	}
	if err := WriteStruct(ctx, p, result[T]{Success: resp}); err != nil {
		return err
	}
	if err := p.WriteMessageEnd(ctx); err != nil {
		return err
	}
	return p.Flush(ctx)
}

// WriteCall writes a CALL message with req as its argument (for tests and
// clients of the codec).
func WriteCall[T any](ctx context.Context, p thrift.TProtocol, method string, seq int32, req T) error {
	if err := p.WriteMessageBegin(ctx, method, thrift.CALL, seq); err != nil {
		return err
	}
	if err := WriteStruct(ctx, p, args[T]{Req: req}); err != nil {
		return err
	}
	if err := p.WriteMessageEnd(ctx); err != nil {
		return err
	}
	return p.Flush(ctx)
}

// ReadReply reads a REPLY message into resp; an EXCEPTION message comes
// back as the TApplicationException it carries.
func ReadReply[T any](ctx context.Context, p thrift.TProtocol, resp *T) error {
	_, typ, _, err := p.ReadMessageBegin(ctx)
	if err != nil {
		return fmt.Errorf("%w: message header: %w", ErrDecode, err)
	}
	if typ == thrift.EXCEPTION {
		exc := thrift.NewTApplicationException(thrift.UNKNOWN_APPLICATION_EXCEPTION, "")
		if err := exc.Read(ctx, p); err != nil {
			return fmt.Errorf("%w: exception: %w", ErrDecode, err)
		}
		return exc
	}
	var r result[T]
	if err := ReadStruct(ctx, p, &r); err != nil {
		return err
	}
	*resp = r.Success
	return p.ReadMessageEnd(ctx)
}

// WriteException writes an EXCEPTION message (an unknown method, a request
// that could not be decoded).
func WriteException(ctx context.Context, p thrift.TProtocol, method string, seq int32, kind int32, msg string) error {
	if err := p.WriteMessageBegin(ctx, method, thrift.EXCEPTION, seq); err != nil {
		return err
	}
	exc := thrift.NewTApplicationException(kind, msg)
	if err := exc.Write(ctx, p); err != nil {
		return err
	}
	if err := p.WriteMessageEnd(ctx); err != nil {
		return err
	}
	return p.Flush(ctx)
}
