import { useEffect, useRef } from 'react';
import { log, noted } from '../shared/log.ts';

const logger = log('calls');

/** A video element showing a stream (muted: sound plays through RemoteAudio, so layouts can change freely). */
export function StreamVideo({ stream, mirrored = false, testId }: { stream: MediaStream | null; mirrored?: boolean; testId?: string }) {
  const ref = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (el && el.srcObject !== stream) el.srcObject = stream;
  }, [stream]);
  return <video ref={ref} className={`tile__video${mirrored ? ' tile__video--mirrored' : ''}`} autoPlay playsInline muted data-testid={testId} />;
}

/** Every remote participant's sound, on the speaker the person chose (setSinkId where supported). */
export function RemoteAudio({ streams, speakerId }: { streams: ReadonlyMap<string, MediaStream>; speakerId: string | null }) {
  return (
    <div hidden>
      {[...streams].map(([id, stream]) => (
        <AudioOut key={id} stream={stream} speakerId={speakerId} />
      ))}
    </div>
  );
}

function AudioOut({ stream, speakerId }: { stream: MediaStream; speakerId: string | null }) {
  const ref = useRef<HTMLAudioElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (el && el.srcObject !== stream) el.srcObject = stream;
  }, [stream]);
  useEffect(() => {
    const el = ref.current as (HTMLAudioElement & { setSinkId?: (id: string) => Promise<void> }) | null;
    if (el?.setSinkId && speakerId) void el.setSinkId(speakerId).catch(noted(logger, 'choosing the speaker'));
  }, [speakerId]);
  return <audio ref={ref} autoPlay data-testid="remote-audio" />;
}
