package main

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"sync"
)

// FerretDB 1.24's SQLite backend gives each database a pool of 100 SQLite
// connections, and an update holds one of them (the rows of the query that
// found the document) while it asks the pool for a second one (the write
// transaction). With 100 updates to one database in flight at once, every
// connection is held by a query whose update waits for a connection: the pool
// is deadlocked, and stays so after the clients are gone, because nothing ever
// cancels those waits. test/database.e2e-spec.ts reproduces it with 3,000
// concurrent updates from one client.
//
// gate sits in front of FerretDB and lets at most maxInFlight requests, summed
// over every client connection, be inside FerretDB at once; the others wait
// here, holding nothing of FerretDB's. With maxInFlight below the pool's 100,
// at least one connection of every database's pool is always free, so every
// update can finish, and the pool can never deadlock.
type gate struct {
	upstream    func() (net.Conn, error)
	slots       chan struct{}
	logger      *slog.Logger
	connections sync.WaitGroup
}

// The MongoDB wire protocol: a 16-byte header (length, request id, response
// to, op code), then the body. OP_MSG's body starts with flag bits; moreToCome
// says that no reply follows a request, or that more replies follow a reply.
const (
	headerLen       = 16
	opMsg           = 2013
	flagMoreToCome  = 1 << 1
	maxMessageBytes = 48 << 20 // MongoDB's maxMessageSizeBytes
)

func newGate(maxInFlight int, upstream func() (net.Conn, error), logger *slog.Logger) *gate {
	return &gate{upstream: upstream, slots: make(chan struct{}, maxInFlight), logger: logger}
}

// serve accepts clients on ln until ctx is done, then waits for their connections to end.
func (g *gate) serve(ctx context.Context, ln net.Listener) error {
	go func() {
		<-ctx.Done()
		_ = ln.Close()
	}()

	for {
		client, err := ln.Accept()
		if err != nil {
			if ctx.Err() != nil {
				g.connections.Wait()
				return nil
			}
			return err
		}

		g.connections.Add(1)
		go func() {
			defer g.connections.Done()
			g.relay(ctx, client)
		}()
	}
}

// relay carries one client connection's requests to FerretDB, one at a time, as the protocol has them.
func (g *gate) relay(ctx context.Context, client net.Conn) {
	defer client.Close()

	server, err := g.upstream()
	if err != nil {
		g.logger.Error("gate: cannot reach FerretDB", "error", err)
		return
	}
	defer server.Close()

	stop := context.AfterFunc(ctx, func() {
		_ = client.Close()
		_ = server.Close()
	})
	defer stop()

	for {
		request, err := readMessage(client)
		if err != nil {
			return // the client went away, or sent something that is no MongoDB message
		}

		if err = g.exchange(ctx, request, client, server); err != nil {
			if !errors.Is(err, io.EOF) && !errors.Is(err, net.ErrClosed) {
				g.logger.Warn("gate: connection dropped", "error", err)
			}
			return
		}
	}
}

// exchange sends one request and returns its replies while holding a slot.
func (g *gate) exchange(ctx context.Context, request []byte, client, server net.Conn) error {
	select {
	case g.slots <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	defer func() { <-g.slots }()

	if _, err := server.Write(request); err != nil {
		return err
	}
	if moreToCome(request) {
		return nil
	}

	for {
		reply, err := readMessage(server)
		if err != nil {
			return err
		}
		if _, err = client.Write(reply); err != nil {
			return err
		}
		if !moreToCome(reply) {
			return nil
		}
	}
}

func readMessage(r io.Reader) ([]byte, error) {
	header := make([]byte, headerLen)
	if _, err := io.ReadFull(r, header); err != nil {
		return nil, err
	}

	length := int(int32(binary.LittleEndian.Uint32(header)))
	if length < headerLen || length > maxMessageBytes {
		return nil, fmt.Errorf("message length %d out of bounds", length)
	}

	message := make([]byte, length)
	copy(message, header)
	if _, err := io.ReadFull(r, message[headerLen:]); err != nil {
		return nil, err
	}

	return message, nil
}

func moreToCome(message []byte) bool {
	if len(message) < headerLen+4 || binary.LittleEndian.Uint32(message[12:16]) != opMsg {
		return false
	}
	return binary.LittleEndian.Uint32(message[headerLen:headerLen+4])&flagMoreToCome != 0
}
