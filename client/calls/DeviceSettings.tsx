import { useEffect, useState } from 'react';
import { useT } from '../i18n/i18n.ts';
import { canChooseSpeaker, listDevices, type Devices } from './local-media.ts';
import { loadPrefs, savePrefs, type CallPrefs } from './prefs.ts';

interface Props {
  onDevice(kind: 'camera' | 'microphone', deviceId: string): void;
  onSpeaker(deviceId: string): void;
}

/** Camera, microphone and speaker, and «start calls audio-only»; kept on this device. */
export function DeviceSettings({ onDevice, onSpeaker }: Props) {
  const { t } = useT();
  const [devices, setDevices] = useState<Devices>({ cameras: [], microphones: [], speakers: [] });
  const [prefs, setPrefs] = useState<CallPrefs>(loadPrefs);
  useEffect(() => {
    let live = true;
    const refresh = (): void => void listDevices().then((d) => live && setDevices(d));
    refresh();
    navigator.mediaDevices?.addEventListener('devicechange', refresh);
    return () => {
      live = false;
      navigator.mediaDevices?.removeEventListener('devicechange', refresh);
    };
  }, []);
  const chooseCamera = (id: string): void => {
    setPrefs(savePrefs({ cameraId: id || null }));
    if (id) onDevice('camera', id);
  };
  const chooseMicrophone = (id: string): void => {
    setPrefs(savePrefs({ microphoneId: id || null }));
    if (id) onDevice('microphone', id);
  };
  const select = (label: string, list: MediaDeviceInfo[], value: string | null, onChange: (id: string) => void) => (
    <label className="field">
      <span className="field__label">{label}</span>
      <select className="select" value={value ?? ''} onChange={(e) => onChange(e.target.value)}>
        <option value="">{t('call.defaultDevice')}</option>
        {list.map((d, i) => (
          <option key={d.deviceId || i} value={d.deviceId}>
            {d.label || `${label} ${i + 1}`}
          </option>
        ))}
      </select>
    </label>
  );
  return (
    <section className="call-panel" aria-label={t('call.settings')}>
      <h2 className="call-panel__title">{t('call.settings')}</h2>
      {select(t('call.camera'), devices.cameras, prefs.cameraId, chooseCamera)}
      {select(t('call.microphone'), devices.microphones, prefs.microphoneId, chooseMicrophone)}
      {canChooseSpeaker() ? (
        select(t('call.speakerDevice'), devices.speakers, prefs.speakerId, (id) => {
          setPrefs(savePrefs({ speakerId: id || null }));
          onSpeaker(id);
        })
      ) : (
        <p className="call-panel__note">{t('call.speakerUnsupported')}</p>
      )}
      <label className="field--inline">
        <input
          type="checkbox"
          checked={prefs.startAudioOnly}
          onChange={(e) => setPrefs(savePrefs({ startAudioOnly: e.target.checked }))}
        />
        <span>{t('call.startAudioOnly')}</span>
      </label>
    </section>
  );
}
