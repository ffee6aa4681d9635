import { renderDigest } from './digest';
import { escalationLevel, fitTitle, formatDateTime, formatList, formatNumber, severityLabel } from './format';
import { type Language, type NotificationMessage, type PolicyOffice, type RenderedMessage } from './types';

/**
 * Texts of every notification, in formal government Indonesian (the product's default) and English.
 *
 * The title is one line of at most MAX_TITLE_LENGTH characters and always names the task or incident (a long
 * name is shortened with "…"); the body repeats the full names and gives the details, dates in WIB.
 */
export function renderMessage(message: NotificationMessage, language: Language): RenderedMessage {
  const id = language === 'id';
  const date = (iso: string) => formatDateTime(iso, language);
  switch (message.kind) {
    case 'TASK_ASSIGNED': {
      const { taskTitle, projectTitle, agencyName, dueAt } = message;
      return id
        ? {
            title: fitTitle((t) => `Tugas baru untuk ${agencyName}: ${t}`, taskTitle),
            body: lines(
              `${agencyName} menerima tugas baru “${taskTitle}” dalam proyek “${projectTitle}”.`,
              `Batas waktu: ${date(dueAt)}.`,
              'Mohon tugas ini ditindaklanjuti sebelum batas waktu.',
            ),
          }
        : {
            title: fitTitle((t) => `New task for ${agencyName}: ${t}`, taskTitle),
            body: lines(
              `${agencyName} has been assigned a new task, “${taskTitle}”, in the project “${projectTitle}”.`,
              `Due: ${date(dueAt)}.`,
              'Please complete the task before the deadline.',
            ),
          };
    }
    case 'TASK_REMINDER': {
      const { taskTitle, projectTitle, dueAt } = message;
      const percent = formatNumber(message.percentOfSla, language);
      return id
        ? {
            title: fitTitle((t) => `Pengingat: ${t} (${percent}% waktu telah berlalu)`, taskTitle),
            body: lines(
              `${percent}% dari waktu penyelesaian tugas “${taskTitle}” dalam proyek “${projectTitle}” telah berlalu.`,
              `Batas waktu: ${date(dueAt)}.`,
              'Mohon tugas ini diselesaikan tepat waktu agar tidak dieskalasi.',
            ),
          }
        : {
            title: fitTitle((t) => `Reminder: ${t} (${percent}% of the time has elapsed)`, taskTitle),
            body: lines(
              `${percent}% of the time allowed for the task “${taskTitle}” in the project “${projectTitle}” has elapsed.`,
              `Due: ${date(dueAt)}.`,
              'Please complete the task on time to avoid an escalation.',
            ),
          };
    }
    case 'TASK_ESCALATED': {
      const { taskTitle, projectTitle, agencyName, dueAt } = message;
      const level = escalationLevel(message.level, language);
      return id
        ? {
            title: fitTitle((t) => `Eskalasi ${level}: ${t}`, taskTitle),
            body: lines(
              `Tugas “${taskTitle}” dalam proyek “${projectTitle}” yang menjadi tanggung jawab ${agencyName} ` +
                `belum diselesaikan hingga batas waktu ${date(dueAt)}.`,
              `Tugas ini dieskalasi ke ${level}. Mohon berikan arahan penyelesaian.`,
            ),
          }
        : {
            title: fitTitle((t) => `Escalation ${level}: ${t}`, taskTitle),
            body: lines(
              `The task “${taskTitle}” in the project “${projectTitle}”, assigned to ${agencyName}, ` +
                `was not completed by its deadline, ${date(dueAt)}.`,
              `It has been escalated to ${level}. Please give an instruction on how to resolve it.`,
            ),
          };
    }
    case 'ESCALATION_REMINDER': {
      const { taskTitle, projectTitle, agencyName, repeat } = message;
      const level = escalationLevel(message.level, language);
      return id
        ? {
            title: fitTitle((t) => `Pengingat ke-${repeat}, eskalasi ${level}: ${t}`, taskTitle),
            body: lines(
              `Eskalasi tugas “${taskTitle}” (${agencyName}, proyek “${projectTitle}”) di ${level} belum mendapat arahan.`,
              `Ini adalah pengingat ke-${repeat}. Mohon segera berikan arahan penyelesaian.`,
            ),
          }
        : {
            title: fitTitle((t) => `Reminder no. ${repeat}, escalation ${level}: ${t}`, taskTitle),
            body: lines(
              `The escalation of the task “${taskTitle}” (${agencyName}, project “${projectTitle}”) at ${level} ` +
                'has not been answered yet.',
              `This is reminder no. ${repeat}. Please give an instruction as soon as possible.`,
            ),
          };
    }
    case 'ESCALATION_ANSWERED': {
      const { taskTitle, projectTitle, instruction, answeredBy } = message;
      return id
        ? {
            title: fitTitle((t) => `Arahan eskalasi diterima: ${t}`, taskTitle),
            body: lines(
              `${answeredBy} telah memberikan arahan atas eskalasi tugas “${taskTitle}” dalam proyek “${projectTitle}”.`,
              '',
              'Arahan:',
              instruction,
            ),
          }
        : {
            title: fitTitle((t) => `Escalation answered: ${t}`, taskTitle),
            body: lines(
              `${answeredBy} has answered the escalation of the task “${taskTitle}” in the project “${projectTitle}”.`,
              '',
              'Instruction:',
              instruction,
            ),
          };
    }
    case 'CONTRIBUTION_SUBMITTED': {
      const { taskTitle, projectTitle, agencyName, version, reviewDueAt } = message;
      return id
        ? {
            title: fitTitle((t) => `Kontribusi diserahkan: ${t}`, taskTitle),
            body: lines(
              `${agencyName} telah menyerahkan kontribusi versi ${version} untuk tugas “${taskTitle}” ` +
                `dalam proyek “${projectTitle}”.`,
              reviewDueAt
                ? `Mohon kontribusi ini ditinjau paling lambat ${date(reviewDueAt)}.`
                : 'Mohon kontribusi ini ditinjau.',
            ),
          }
        : {
            title: fitTitle((t) => `Contribution submitted: ${t}`, taskTitle),
            body: lines(
              `${agencyName} has submitted version ${version} of its contribution to the task “${taskTitle}” ` +
                `in the project “${projectTitle}”.`,
              reviewDueAt ? `Please review it by ${date(reviewDueAt)}.` : 'Please review it.',
            ),
          };
    }
    case 'CONTRIBUTION_RETURNED': {
      const { taskTitle, projectTitle, note, dueAt } = message;
      return id
        ? {
            title: fitTitle((t) => `Kontribusi dikembalikan: ${t}`, taskTitle),
            body: lines(
              `Kontribusi untuk tugas “${taskTitle}” dalam proyek “${projectTitle}” dikembalikan untuk diperbaiki.`,
              ...(dueAt ? [`Batas waktu perbaikan: ${date(dueAt)}.`] : []),
              '',
              'Catatan peninjau:',
              note,
            ),
          }
        : {
            title: fitTitle((t) => `Contribution returned: ${t}`, taskTitle),
            body: lines(
              `The contribution to the task “${taskTitle}” in the project “${projectTitle}” has been returned for revision.`,
              ...(dueAt ? [`Revision due: ${date(dueAt)}.`] : []),
              '',
              "Reviewer's note:",
              note,
            ),
          };
    }
    case 'CONTRIBUTION_ACCEPTED': {
      const { taskTitle, projectTitle, version, note } = message;
      return id
        ? {
            title: fitTitle((t) => `Kontribusi diterima: ${t}`, taskTitle),
            body: lines(
              `Kontribusi versi ${version} untuk tugas “${taskTitle}” dalam proyek “${projectTitle}” telah diterima. ` +
                'Tugas ini selesai.',
              ...(note ? ['', 'Catatan peninjau:', note] : []),
            ),
          }
        : {
            title: fitTitle((t) => `Contribution accepted: ${t}`, taskTitle),
            body: lines(
              `Version ${version} of the contribution to the task “${taskTitle}” in the project “${projectTitle}” ` +
                'has been accepted. The task is complete.',
              ...(note ? ['', "Reviewer's note:", note] : []),
            ),
          };
    }
    case 'DEADLINE_EXTENDED': {
      const { taskTitle, projectTitle, agencyName, dueAt, reason } = message;
      return id
        ? {
            title: fitTitle((t) => `Batas waktu diperpanjang: ${t}`, taskTitle),
            body: lines(
              `Batas waktu tugas “${taskTitle}” (${agencyName}) dalam proyek “${projectTitle}” diperpanjang.`,
              `Batas waktu baru: ${date(dueAt)}.`,
              ...(reason ? [`Alasan: ${reason}`] : []),
            ),
          }
        : {
            title: fitTitle((t) => `Deadline extended: ${t}`, taskTitle),
            body: lines(
              `The deadline of the task “${taskTitle}” (${agencyName}) in the project “${projectTitle}” has been extended.`,
              `New deadline: ${date(dueAt)}.`,
              ...(reason ? [`Reason: ${reason}`] : []),
            ),
          };
    }
    case 'PROJECT_CANCELLED': {
      const { projectTitle, reason } = message;
      return id
        ? {
            title: fitTitle((t) => `Proyek dibatalkan: ${t}`, projectTitle),
            body: lines(
              `Proyek “${projectTitle}” dibatalkan. Tugas yang masih terbuka di dalamnya tidak perlu dikerjakan lagi.`,
              `Alasan: ${reason}`,
            ),
          }
        : {
            title: fitTitle((t) => `Project cancelled: ${t}`, projectTitle),
            body: lines(
              `The project “${projectTitle}” has been cancelled. Its open tasks no longer need to be done.`,
              `Reason: ${reason}`,
            ),
          };
    }
    case 'TASK_RELEASED': {
      const { taskTitle, projectTitle, agencyName, releasedBy, releasedFrom, reason } = message;
      return id
        ? {
            title: fitTitle((t) => `Tugas dilepas, belum ada yang mengerjakan: ${t}`, taskTitle),
            body: lines(
              `${releasedBy || 'Petugas'} melepas tugas “${taskTitle}” (${agencyName}) dalam proyek “${projectTitle}”` +
                `${releasedFrom ? ` dari ${releasedFrom}` : ''}.`,
              ...(reason ? [`Alasan: ${reason}`] : []),
              'Tugas ini kini menunggu diambil oleh petugas lain.',
            ),
          }
        : {
            title: fitTitle((t) => `Task released, nobody is working on it: ${t}`, taskTitle),
            body: lines(
              `${releasedBy || 'A staff member'} released the task “${taskTitle}” (${agencyName}) in the project “${projectTitle}”` +
                `${releasedFrom ? ` from ${releasedFrom}` : ''}.`,
              ...(reason ? [`Reason: ${reason}`] : []),
              'It now waits for someone else to claim it.',
            ),
          };
    }
    case 'REVIEW_REMINDER': {
      const { taskTitle, projectTitle, agencyName, dueAt } = message;
      return id
        ? {
            title: fitTitle((t) => `Pengingat tinjauan: ${t}`, taskTitle),
            body: lines(
              `Kontribusi ${agencyName} untuk tugas “${taskTitle}” dalam proyek “${projectTitle}” menunggu tinjauan Anda.`,
              `Batas waktu tinjauan: ${date(dueAt)}.`,
            ),
          }
        : {
            title: fitTitle((t) => `Review reminder: ${t}`, taskTitle),
            body: lines(
              `The contribution of ${agencyName} to the task “${taskTitle}” in the project “${projectTitle}” ` +
                'is waiting for your review.',
              `Review due: ${date(dueAt)}.`,
            ),
          };
    }
    case 'REVIEW_ESCALATED': {
      const { taskTitle, projectTitle, agencyName, leadName, dueAt, repeat } = message;
      const level = escalationLevel(message.level, language);
      const lead = leadName ? ` (${leadName})` : '';
      return id
        ? {
            title: fitTitle(
              (t) => `${repeat ? `Pengingat ke-${repeat}, e` : 'E'}skalasi tinjauan ${level}: ${t}`,
              taskTitle,
            ),
            body: lines(
              `Kontribusi ${agencyName} untuk tugas “${taskTitle}” dalam proyek “${projectTitle}” belum ditinjau ` +
                `oleh pimpinan proyek${lead}${dueAt ? ` hingga batas waktu ${date(dueAt)}` : ''}.`,
              repeat
                ? `Ini adalah pengingat ke-${repeat} eskalasi di ${level}. Mohon tinjauan segera diselesaikan.`
                : `Hal ini dieskalasi ke ${level}. Mohon tinjauan segera diselesaikan.`,
            ),
          }
        : {
            title: fitTitle(
              (t) =>
                `${repeat ? `Reminder no. ${repeat}, review escalation` : 'Review escalation'} ${level}: ${t}`,
              taskTitle,
            ),
            body: lines(
              `The contribution of ${agencyName} to the task “${taskTitle}” in the project “${projectTitle}” was not ` +
                `reviewed by the project lead${lead}${dueAt ? ` by its deadline, ${date(dueAt)}` : ''}.`,
              repeat
                ? `This is reminder no. ${repeat} of the escalation at ${level}. Please see that the review is completed.`
                : `This has been escalated to ${level}. Please see that the review is completed.`,
            ),
          };
    }
    case 'TASK_REASSIGNED': {
      const { taskTitle, projectTitle, fromAgencyName, toAgencyName, reason } = message;
      return id
        ? {
            title: fitTitle((t) => `Tugas dialihkan: ${t}`, taskTitle),
            body: lines(
              `Tugas “${taskTitle}” dalam proyek “${projectTitle}” dialihkan dari ${fromAgencyName}` +
                `${toAgencyName ? ` ke ${toAgencyName}` : ''}.`,
              `Alasan: ${reason}`,
            ),
          }
        : {
            title: fitTitle((t) => `Task reassigned: ${t}`, taskTitle),
            body: lines(
              `The task “${taskTitle}” in the project “${projectTitle}” has been reassigned from ${fromAgencyName}` +
                `${toAgencyName ? ` to ${toAgencyName}` : ''}.`,
              `Reason: ${reason}`,
            ),
          };
    }
    case 'INCIDENT_DECLARED': {
      const { incidentTitle, kecamatan } = message;
      const severity = severityLabel(message.severity, language);
      return id
        ? {
            title: fitTitle((t) => `DARURAT: ${t} (${severity})`, incidentTitle),
            body: lines(
              `Keadaan darurat telah dinyatakan: “${incidentTitle}”.`,
              `Tingkat keparahan: ${severity}`,
              `Kecamatan terdampak: ${kecamatan.length > 0 ? formatList(kecamatan, language) : 'belum ditetapkan'}`,
              'Mohon seluruh pihak terkait bersiaga dan mengikuti arahan BPBD.',
            ),
          }
        : {
            title: fitTitle((t) => `EMERGENCY: ${t} (${severity})`, incidentTitle),
            body: lines(
              `An emergency has been declared: “${incidentTitle}”.`,
              `Severity: ${severity}`,
              `Affected kecamatan: ${kecamatan.length > 0 ? formatList(kecamatan, language) : 'not yet determined'}`,
              'All parties concerned are asked to stand by and follow the instructions of BPBD.',
            ),
          };
    }
    case 'OPD_MOBILISED': {
      const { incidentTitle, agencyName, clusters, ackDueAt } = message;
      const severity = severityLabel(message.severity, language);
      return id
        ? {
            title: fitTitle((t) => `DARURAT: ${agencyName} dimobilisasi untuk ${t}`, incidentTitle),
            body: lines(
              `${agencyName} dimobilisasi untuk penanganan keadaan darurat “${incidentTitle}” ` +
                `(tingkat keparahan: ${severity}).`,
              `Klaster: ${clusters.length > 0 ? formatList(clusters, language) : '-'}`,
              ackDueAt
                ? `Mohon konfirmasi kesiapan paling lambat ${date(ackDueAt)} dan laksanakan tugas yang diberikan.`
                : 'Mohon segera lakukan konfirmasi kesiapan dan laksanakan tugas yang diberikan.',
            ),
          }
        : {
            title: fitTitle((t) => `EMERGENCY: ${agencyName} mobilised for ${t}`, incidentTitle),
            body: lines(
              `${agencyName} has been mobilised to respond to the emergency “${incidentTitle}” (severity: ${severity}).`,
              `Clusters: ${clusters.length > 0 ? formatList(clusters, language) : '-'}`,
              ackDueAt
                ? `Please acknowledge by ${date(ackDueAt)} and carry out the assigned tasks.`
                : 'Please acknowledge without delay and carry out the assigned tasks.',
            ),
          };
    }
    case 'ACK_MISSING': {
      const { incidentTitle, agencyName, taskTitle, dueAt } = message;
      if (message.level < 1) {
        return id
          ? {
              title: fitTitle(
                (t) => `DARURAT: konfirmasi kesiapan ${agencyName} belum masuk — ${t}`,
                incidentTitle,
              ),
              body: lines(
                `Konfirmasi kesiapan “${taskTitle}” dari ${agencyName} untuk keadaan darurat “${incidentTitle}” ` +
                  `belum diterima. Batas waktu: ${date(dueAt)}.`,
                'Mohon konfirmasi kesiapan segera dikirimkan.',
              ),
            }
          : {
              title: fitTitle(
                (t) => `EMERGENCY: acknowledgement from ${agencyName} missing — ${t}`,
                incidentTitle,
              ),
              body: lines(
                `The acknowledgement “${taskTitle}” from ${agencyName} for the emergency “${incidentTitle}” ` +
                  `has not been received. Due: ${date(dueAt)}.`,
                'Please acknowledge without delay.',
              ),
            };
      }
      const level = escalationLevel(message.level, language);
      return id
        ? {
            title: fitTitle(
              (t) => `DARURAT: eskalasi ${level}, konfirmasi kesiapan ${agencyName} terlambat — ${t}`,
              incidentTitle,
            ),
            body: lines(
              `Konfirmasi kesiapan “${taskTitle}” dari ${agencyName} untuk keadaan darurat “${incidentTitle}” ` +
                `belum diterima hingga batas waktu ${date(dueAt)}.`,
              `Hal ini dieskalasi ke ${level}. Mohon berikan arahan.`,
            ),
          }
        : {
            title: fitTitle(
              (t) => `EMERGENCY: escalation ${level}, acknowledgement from ${agencyName} late — ${t}`,
              incidentTitle,
            ),
            body: lines(
              `The acknowledgement “${taskTitle}” from ${agencyName} for the emergency “${incidentTitle}” ` +
                `was not received by its deadline, ${date(dueAt)}.`,
              `This has been escalated to ${level}. Please give an instruction.`,
            ),
          };
    }
    case 'RESOURCE_REQUEST':
      return renderResourceRequest(message, language);
    case 'DATA_CONFLICT_OPENED': {
      const { indicatorName, areaName, period, cells, values, agencyNames } = message;
      const figures = values.map((v) => `${v.agencyName}: ${formatNumber(v.value, language)}`);
      const others = cells - 1;
      return id
        ? {
            title: fitTitle((t) => `Data tidak sepakat: ${t}, ${areaName} ${period}`, indicatorName),
            body: lines(
              `Angka OPD untuk “${indicatorName}”, ${areaName}, periode ${period} berbeda:`,
              ...figures,
              ...(others > 0
                ? [`Bersama ${formatNumber(others, language)} sel lain yang dibuka bersamaan.`]
                : []),
              `OPD terkait: ${formatList(agencyNames, language)}.`,
              'Walidata memutuskan angka yang berlaku; OPD terkait diminta memberi penjelasan.',
            ),
          }
        : {
            title: fitTitle((t) => `Figures disagree: ${t}, ${areaName} ${period}`, indicatorName),
            body: lines(
              `The OPDs' figures for “${indicatorName}”, ${areaName}, period ${period} differ:`,
              ...figures,
              ...(others > 0
                ? [`With ${formatNumber(others, language)} other cell(s) opened at the same time.`]
                : []),
              `OPDs concerned: ${formatList(agencyNames, language)}.`,
              'The walidata decides the figure that stands; the OPDs concerned are asked to explain.',
            ),
          };
    }
    case 'SITREP_MISSING': {
      const { incidentTitle, agencyName, taskTitle, dueAt } = message;
      // Level 0 is a reminder to the OPD itself; from level 1 up the ladder is told.
      if (message.level < 1) {
        return id
          ? {
              title: fitTitle(
                (t) => `DARURAT: laporan situasi ${agencyName} belum masuk — ${t}`,
                incidentTitle,
              ),
              body: lines(
                `Laporan situasi “${taskTitle}” dari ${agencyName} untuk keadaan darurat “${incidentTitle}” ` +
                  `belum diterima. Batas waktu: ${date(dueAt)}.`,
                'Mohon laporan situasi segera dikirimkan.',
              ),
            }
          : {
              title: fitTitle(
                (t) => `EMERGENCY: situation report from ${agencyName} missing — ${t}`,
                incidentTitle,
              ),
              body: lines(
                `The situation report “${taskTitle}” from ${agencyName} for the emergency “${incidentTitle}” ` +
                  `has not been received. Due: ${date(dueAt)}.`,
                'Please send the situation report without delay.',
              ),
            };
      }
      const level = escalationLevel(message.level, language);
      return id
        ? {
            title: fitTitle(
              (t) => `DARURAT: eskalasi ${level}, laporan situasi terlambat — ${t}`,
              incidentTitle,
            ),
            body: lines(
              `Laporan situasi “${taskTitle}” dari ${agencyName} untuk keadaan darurat “${incidentTitle}” ` +
                `belum diterima hingga batas waktu ${date(dueAt)}.`,
              `Hal ini dieskalasi ke ${level}. Mohon berikan arahan.`,
            ),
          }
        : {
            title: fitTitle(
              (t) => `EMERGENCY: escalation ${level}, situation report late — ${t}`,
              incidentTitle,
            ),
            body: lines(
              `The situation report “${taskTitle}” from ${agencyName} for the emergency “${incidentTitle}” ` +
                `was not received by its deadline, ${date(dueAt)}.`,
              `This has been escalated to ${level}. Please give an instruction.`,
            ),
          };
    }
    case 'COMMENT_MENTIONED': {
      const { subjectTitle, authorName, authorAgencyName, mentionedAgencyName, excerpt } = message;
      const on = {
        TASK: id ? 'tugas' : 'the task',
        PROJECT: id ? 'proyek' : 'the project',
        INCIDENT: id ? 'keadaan darurat' : 'the emergency',
      }[message.subject];
      return id
        ? {
            title: fitTitle((t) => `${mentionedAgencyName} disebut dalam komentar: ${t}`, subjectTitle),
            body: lines(
              `${authorName} (${authorAgencyName}) menyebut ${mentionedAgencyName} dalam komentar pada ${on} “${subjectTitle}”:`,
              '',
              excerpt,
              '',
              'Mohon ditanggapi melalui Gotong.',
            ),
          }
        : {
            title: fitTitle((t) => `${mentionedAgencyName} mentioned in a comment: ${t}`, subjectTitle),
            body: lines(
              `${authorName} (${authorAgencyName}) mentioned ${mentionedAgencyName} in a comment on ${on} “${subjectTitle}”:`,
              '',
              excerpt,
              '',
              'Please reply in Gotong.',
            ),
          };
    }
    case 'POLICY_SIGN_OFF_AWAITED':
    case 'POLICY_SIGN_OFF_REMINDER':
    case 'POLICY_SIGN_OFF_ESCALATED':
    case 'POLICY_RETURNED':
    case 'POLICY_SIGNED':
      return renderPolicy(message, language);
    case 'CITIZEN_REPORT_FILED':
    case 'CITIZEN_REPORT_FORWARDED':
    case 'CITIZEN_REPORT_REMINDER':
    case 'CITIZEN_REPORT_ESCALATED':
      return renderCitizenReport(message, language);
    case 'PLANNING_DECISIONS_LATE':
      return renderPlanningLate(message, language);
    case 'DIGEST':
      return renderDigest(message.digest, language);
  }
}

type PolicyMessage = Extract<NotificationMessage, { kind: `POLICY_${string}` }>;

/** The kinds of policy of libs/domain/src/policy (POLICY_KIND_LABELS); an unknown kind is shown as it is. */
const POLICY_KIND_LABELS: Record<Language, Record<string, string>> = {
  id: {
    PERBUP: 'Peraturan Bupati',
    SK_BUPATI: 'Keputusan Bupati',
    SE_BUPATI: 'Surat Edaran Bupati',
    SOP: 'Standar Operasional Prosedur',
  },
  en: {
    PERBUP: 'Regent regulation (Peraturan Bupati)',
    SK_BUPATI: 'Regent decree (Keputusan Bupati)',
    SE_BUPATI: 'Regent circular (Surat Edaran Bupati)',
    SOP: 'Standard operating procedure (SOP)',
  },
};
const OFFICE_NAMES: Record<Language, Record<PolicyOffice, string>> = {
  id: { SEKDA: 'Sekretaris Daerah', BUPATI: 'Bupati' },
  en: { SEKDA: 'the Regional Secretary (Sekda)', BUPATI: 'the Regent (Bupati)' },
};

/** The texts of joint policy drafting (issue #18): sign-off, its reminders and escalation, returns, signature. */
function renderPolicy(message: PolicyMessage, language: Language): RenderedMessage {
  const id = language === 'id';
  const date = (iso: string) => formatDateTime(iso, language);
  const office = (o: PolicyOffice) => OFFICE_NAMES[language][o];
  const kindOf = (k: string) => POLICY_KIND_LABELS[language][k] ?? k;
  switch (message.kind) {
    case 'POLICY_SIGN_OFF_AWAITED': {
      const { draftTitle, draftingAgencyName, version, dueAt } = message;
      return id
        ? {
            title: fitTitle((t) => `Menunggu tanda tangan ${office(message.office)}: ${t}`, draftTitle),
            body: lines(
              `Rancangan ${kindOf(message.policyKind)} “${draftTitle}” dari ${draftingAgencyName} (versi ${version}) ` +
                `telah mendapat paraf koordinasi seluruh OPD peninjau dan menunggu keputusan ${office(message.office)}.`,
              ...(dueAt ? [`Batas waktu: ${date(dueAt)}.`] : []),
              'Mohon rancangan ditandatangani atau dikembalikan dengan catatan perbaikan.',
            ),
          }
        : {
            title: fitTitle((t) => `Awaiting sign-off by ${office(message.office)}: ${t}`, draftTitle),
            body: lines(
              `The draft ${kindOf(message.policyKind)} “${draftTitle}” from ${draftingAgencyName} (version ${version}) ` +
                `has been initialled by every reviewing OPD and awaits the decision of ${office(message.office)}.`,
              ...(dueAt ? [`Due: ${date(dueAt)}.`] : []),
              'Please sign the draft or return it with a note on what to revise.',
            ),
          };
    }
    case 'POLICY_SIGN_OFF_REMINDER': {
      const { draftTitle, draftingAgencyName, version } = message;
      return id
        ? {
            title: fitTitle((t) => `Pengingat tanda tangan ${office(message.office)}: ${t}`, draftTitle),
            body: lines(
              `Rancangan “${draftTitle}” dari ${draftingAgencyName} (versi ${version}) masih menunggu keputusan ` +
                `${office(message.office)}.`,
              'Mohon rancangan ditandatangani atau dikembalikan sebelum batas waktu.',
            ),
          }
        : {
            title: fitTitle((t) => `Sign-off reminder for ${office(message.office)}: ${t}`, draftTitle),
            body: lines(
              `The draft “${draftTitle}” from ${draftingAgencyName} (version ${version}) still awaits the decision ` +
                `of ${office(message.office)}.`,
              'Please sign it or return it before the deadline.',
            ),
          };
    }
    case 'POLICY_SIGN_OFF_ESCALATED': {
      const { draftTitle, draftingAgencyName, version } = message;
      const level = escalationLevel(message.level, language);
      return id
        ? {
            title: fitTitle((t) => `Eskalasi ${level}: tanda tangan terlambat — ${t}`, draftTitle),
            body: lines(
              `Rancangan “${draftTitle}” dari ${draftingAgencyName} (versi ${version}) belum diputuskan ` +
                `${office(message.office)} hingga batas waktunya.`,
              `Hal ini dilaporkan ke ${level}.`,
            ),
          }
        : {
            title: fitTitle((t) => `Escalation ${level}: late sign-off — ${t}`, draftTitle),
            body: lines(
              `The draft “${draftTitle}” from ${draftingAgencyName} (version ${version}) was not decided by ` +
                `${office(message.office)} by its deadline.`,
              `This has been reported to ${level}.`,
            ),
          };
    }
    case 'POLICY_RETURNED': {
      const { draftTitle, version, returnedBy, note } = message;
      const byReviewer = message.by === 'REVIEWER';
      return id
        ? {
            title: fitTitle((t) => `Rancangan dikembalikan untuk perbaikan: ${t}`, draftTitle),
            body: lines(
              `Versi ${version} rancangan “${draftTitle}” dikembalikan ` +
                (byReviewer
                  ? `oleh ${returnedBy} pada paraf koordinasi.`
                  : `oleh ${office(message.by as PolicyOffice)}${returnedBy ? ` (${returnedBy})` : ''}.`),
              'Mohon unggah versi perbaikan; seluruh OPD peninjau akan memberi paraf kembali.',
              ...(note ? ['', 'Catatan:', note] : []),
            ),
          }
        : {
            title: fitTitle((t) => `Draft returned for revision: ${t}`, draftTitle),
            body: lines(
              `Version ${version} of the draft “${draftTitle}” has been returned ` +
                (byReviewer
                  ? `by ${returnedBy} in its coordination review (paraf koordinasi).`
                  : `by ${office(message.by as PolicyOffice)}${returnedBy ? ` (${returnedBy})` : ''}.`),
              'Please upload a revised version; every reviewing OPD will initial it again.',
              ...(note ? ['', 'Note:', note] : []),
            ),
          };
    }
    case 'POLICY_SIGNED': {
      const { draftTitle, version, signedBy } = message;
      return id
        ? {
            title: fitTitle((t) => `Rancangan telah ditandatangani Bupati: ${t}`, draftTitle),
            body: lines(
              `${kindOf(message.policyKind)} “${draftTitle}” (versi ${version}) telah ditandatangani` +
                `${signedBy ? ` oleh ${signedBy}` : ' Bupati'}.`,
              'Rancangan ini selesai; mohon ditindaklanjuti sesuai ketentuan penetapan dan pengundangan.',
            ),
          }
        : {
            title: fitTitle((t) => `Draft signed by the Regent: ${t}`, draftTitle),
            body: lines(
              `The ${kindOf(message.policyKind)} “${draftTitle}” (version ${version}) has been signed` +
                `${signedBy ? ` by ${signedBy}` : ' by the Regent'}.`,
              'The drafting is complete; please proceed with its enactment and promulgation.',
            ),
          };
    }
  }
}

type CitizenReportMessage = Extract<NotificationMessage, { kind: `CITIZEN_REPORT_${string}` }>;

/**
 * The texts of citizen reports (issue #18), for the OPD handling them and the ladder above it. They name the
 * report by its tracking number, category and desa, never the reporter (personal data stays in the app).
 */
function renderCitizenReport(message: CitizenReportMessage, language: Language): RenderedMessage {
  const id = language === 'id';
  const date = (iso: string) => formatDateTime(iso, language);
  const { trackingNumber, desaName } = message;
  const category = message.category[language];
  switch (message.kind) {
    case 'CITIZEN_REPORT_FILED':
      return id
        ? {
            title: fitTitle((t) => `Aduan warga baru ${t}: ${category}, ${desaName}`, trackingNumber),
            body: lines(
              `Aduan warga ${trackingNumber} (${category}) dari Desa ${desaName}, Kecamatan ${message.kecamatanName} ` +
                'diterima untuk ditangani OPD Anda.',
              `Tanggapan pertama paling lambat ${date(message.dueAt)}.`,
              'Mohon aduan ini ditelaah: dijawab, diteruskan ke OPD yang berwenang, atau dijadikan pekerjaan bersama.',
            ),
          }
        : {
            title: fitTitle((t) => `New citizen report ${t}: ${category}, ${desaName}`, trackingNumber),
            body: lines(
              `The citizen report ${trackingNumber} (${category}) from Desa ${desaName}, Kecamatan ` +
                `${message.kecamatanName} has been received for your OPD to handle.`,
              `First response due: ${date(message.dueAt)}.`,
              'Please triage it: answer it, forward it to the OPD in charge, or turn it into joint work.',
            ),
          };
    case 'CITIZEN_REPORT_FORWARDED':
      return id
        ? {
            title: fitTitle(
              (t) => `Aduan warga diteruskan dari ${message.fromAgencyName}: ${t}`,
              trackingNumber,
            ),
            body: lines(
              `${message.fromAgencyName} meneruskan aduan warga ${trackingNumber} (${category}) dari Desa ` +
                `${desaName}, Kecamatan ${message.kecamatanName} kepada OPD Anda.`,
              `Tanggapan pertama tetap paling lambat ${date(message.dueAt)}.`,
              ...(message.note ? ['', 'Catatan:', message.note] : []),
            ),
          }
        : {
            title: fitTitle(
              (t) => `Citizen report forwarded by ${message.fromAgencyName}: ${t}`,
              trackingNumber,
            ),
            body: lines(
              `${message.fromAgencyName} forwarded the citizen report ${trackingNumber} (${category}) from Desa ` +
                `${desaName}, Kecamatan ${message.kecamatanName} to your OPD.`,
              `The first response is still due by ${date(message.dueAt)}.`,
              ...(message.note ? ['', 'Note:', message.note] : []),
            ),
          };
    case 'CITIZEN_REPORT_REMINDER': {
      const percent = formatNumber(message.percentOfSla, language);
      return id
        ? {
            title: fitTitle((t) => `Pengingat: aduan warga ${t} belum ditanggapi`, trackingNumber),
            body: lines(
              `${percent}% dari waktu tanggapan pertama aduan warga ${trackingNumber} (${category}, Desa ${desaName}) ` +
                `yang ditangani ${message.agencyName} telah berlalu.`,
              `Batas waktu tanggapan pertama: ${date(message.dueAt)}.`,
              'Mohon aduan ini segera ditanggapi agar tidak dieskalasi.',
            ),
          }
        : {
            title: fitTitle((t) => `Reminder: citizen report ${t} not yet answered`, trackingNumber),
            body: lines(
              `${percent}% of the time for the first response to the citizen report ${trackingNumber} (${category}, ` +
                `Desa ${desaName}), handled by ${message.agencyName}, has elapsed.`,
              `First response due: ${date(message.dueAt)}.`,
              'Please respond soon to avoid an escalation.',
            ),
          };
    }
    case 'CITIZEN_REPORT_ESCALATED': {
      const level = escalationLevel(message.level, language);
      return id
        ? {
            title: fitTitle(
              (t) => `Eskalasi ${level}: aduan warga ${t} melewati batas tanggapan`,
              trackingNumber,
            ),
            body: lines(
              `Aduan warga ${trackingNumber} (${category}, Desa ${desaName}) yang ditangani ${message.agencyName} ` +
                `belum mendapat tanggapan pertama hingga batas waktu ${date(message.dueAt)}.`,
              `Hal ini dieskalasi ke ${level}. Mohon berikan arahan agar aduan segera ditanggapi.`,
            ),
          }
        : {
            title: fitTitle(
              (t) => `Escalation ${level}: citizen report ${t} past its response deadline`,
              trackingNumber,
            ),
            body: lines(
              `The citizen report ${trackingNumber} (${category}, Desa ${desaName}), handled by ${message.agencyName}, ` +
                `had no first response by its deadline, ${date(message.dueAt)}.`,
              `It has been escalated to ${level}. Please give an instruction so that it is answered soon.`,
            ),
          };
    }
  }
}

type PlanningLateMessage = Extract<NotificationMessage, { kind: 'PLANNING_DECISIONS_LATE' }>;

/** The late Renja decisions of a planning year (issue #18), for BAPPEDA: one message per recording. */
function renderPlanningLate(message: PlanningLateMessage, language: Language): RenderedMessage {
  const id = language === 'id';
  const n = (value: number) => formatNumber(value, language);
  const { year, decisions, proposals, agencies, dueAt } = message;
  const perAgency = agencies.map((a) => `${a.agencyName}: ${n(a.count)}`);
  const subject = id ? `Musrenbang RKPD ${year}` : `Musrenbang for the RKPD ${year}`;
  return id
    ? {
        title: fitTitle(
          (t) => `Keputusan OPD terlambat, ${t}: ${n(decisions)} keputusan, ${n(agencies.length)} OPD`,
          subject,
        ),
        body: lines(
          `${n(decisions)} keputusan OPD atas ${n(proposals)} usulan ${subject} belum diambil` +
            `${dueAt ? ` hingga batas waktu ${formatDateTime(dueAt, language)}` : ' hingga batas waktu Renja'}.`,
          'Keputusan yang belum diambil per OPD:',
          ...perAgency,
          'Tugas keputusan tersebut tetap berjalan pada jenjang eskalasi; lihat ringkasan perencanaan tahun ini.',
        ),
      }
    : {
        title: fitTitle(
          (t) => `OPD decisions late, ${t}: ${n(decisions)} decision(s), ${n(agencies.length)} OPD(s)`,
          subject,
        ),
        body: lines(
          `${n(decisions)} OPD decision(s) on ${n(proposals)} proposal(s) of the ${subject} were not taken` +
            `${dueAt ? ` by the deadline, ${formatDateTime(dueAt, language)}` : ' by the Renja deadline'}.`,
          'Open decisions per OPD:',
          ...perAgency,
          'The decision tasks stay open and climb the escalation ladder; see this year’s planning overview.',
        ),
      };
}

function lines(...parts: string[]): string {
  return parts.join('\n');
}

type ResourceRequestMessage = Extract<NotificationMessage, { kind: 'RESOURCE_REQUEST' }>;

/** A resource request's step, as the OPD on the other side reads it. */
const RESOURCE_STEP: Record<Language, Record<string, string>> = {
  id: {
    REQUESTED: 'Diminta',
    COMMITTED: 'Disanggupi',
    SENT: 'Dikirim',
    PARTIALLY_RECEIVED: 'Diterima sebagian',
    RECEIVED: 'Diterima',
    REFUSED: 'Ditolak',
    CANCELLED: 'Dibatalkan',
  },
  en: {
    REQUESTED: 'Requested',
    COMMITTED: 'Committed',
    SENT: 'Sent',
    PARTIALLY_RECEIVED: 'Partly received',
    RECEIVED: 'Received',
    REFUSED: 'Refused',
    CANCELLED: 'Cancelled',
  },
};
/** Steps taken by the requesting OPD (the others are the providing OPD's). */
const REQUESTER_STEPS = new Set(['REQUESTED', 'PARTIALLY_RECEIVED', 'RECEIVED', 'CANCELLED']);

function renderResourceRequest(message: ResourceRequestMessage, language: Language): RenderedMessage {
  const id = language === 'id';
  const { status, incidentTitle, item, unit, reason, requestingAgencyName, providingAgencyName } = message;
  const actor = REQUESTER_STEPS.has(status) ? requestingAgencyName : providingAgencyName;
  const label = RESOURCE_STEP[language][status] ?? status;
  const amount = (n: number) => `${formatNumber(n, language)} ${unit}`;
  const what = `${amount(message.quantity)} ${item}`;
  const step =
    typeof message.stepQuantity === 'number' && message.stepQuantity !== message.quantity
      ? amount(message.stepQuantity)
      : null;
  const refused = status === 'REFUSED';
  const title = id
    ? fitTitle((t) => `${label} oleh ${actor}: ${item} — ${t}`, incidentTitle)
    : fitTitle((t) => `${label} by ${actor}: ${item} — ${t}`, incidentTitle);
  const body = id
    ? lines(
        `Permintaan ${what} dari ${requestingAgencyName} kepada ${providingAgencyName} untuk keadaan darurat ` +
          `“${incidentTitle}”: ${label.toLowerCase()} oleh ${actor}.`,
        ...(step ? [`Jumlah pada langkah ini: ${step}.`] : []),
        ...(status === 'PARTIALLY_RECEIVED' ? ['Sisanya masih ditunggu.'] : []),
        ...(reason ? [`Alasan: ${reason}`] : []),
        ...(refused ? ['Mohon cari sumber lain atau ajukan permintaan kepada OPD lain.'] : []),
      )
    : lines(
        `The request for ${what} from ${requestingAgencyName} to ${providingAgencyName} for the emergency ` +
          `“${incidentTitle}”: ${label.toLowerCase()} by ${actor}.`,
        ...(step ? [`Quantity in this step: ${step}.`] : []),
        ...(status === 'PARTIALLY_RECEIVED' ? ['The rest is still awaited.'] : []),
        ...(reason ? [`Reason: ${reason}`] : []),
        ...(refused ? ['Please find another source or ask another OPD.'] : []),
      );
  return { title, body };
}

// ---------------------------------------------------------------------------------------------------------
// Email

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

const EMAIL_TEXT: Record<Language, { open: string; footer: string }> = {
  id: {
    open: 'Buka',
    footer:
      'Pesan ini dikirim secara otomatis oleh Gotong, Pemerintah Kabupaten Probolinggo. Mohon tidak membalas email ini.',
  },
  en: {
    open: 'Open',
    footer:
      'This is an automatic message from Gotong, Pemerintah Kabupaten Probolinggo (Probolinggo Regency Government). ' +
      'Please do not reply to this email.',
  },
};

/**
 * An email of a rendered message: plain text and an HTML alternative with the same content. Every value put
 * into the HTML is escaped; task titles, notes and instructions are typed by users.
 */
export function renderEmail(
  rendered: RenderedMessage,
  link: string | null,
  language: Language,
): RenderedEmail {
  const { open, footer } = EMAIL_TEXT[language];
  const subject = rendered.title;

  const text = [rendered.body, ...(link ? [`${open}: ${link}`] : []), footer].join('\n\n');

  const paragraphs = rendered.body
    .split(/\n{2,}/)
    .map((paragraph) => `<p>${paragraph.split('\n').map(escapeHtml).join('<br>')}</p>`);
  const linkHtml = link ? [`<p>${escapeHtml(open)}: ${linkToHtml(link)}</p>`] : [];
  const html = [
    '<!DOCTYPE html>',
    `<html lang="${language}">`,
    `<head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>`,
    '<body>',
    ...paragraphs,
    ...linkHtml,
    `<p style="color:#666;font-size:smaller">${escapeHtml(footer)}</p>`,
    '</body>',
    '</html>',
  ].join('\n');

  return { subject, text, html };
}

/** Escapes the five characters that matter in HTML text and in quoted attribute values. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => HTML_ENTITIES[char] ?? char);
}

const HTML_ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/**
 * Only http(s) links become anchors: escaping does not stop a `javascript:` URL from running when clicked, so
 * anything else is shown as plain text.
 */
function linkToHtml(link: string): string {
  const escaped = escapeHtml(link);
  return /^https?:\/\//i.test(link) ? `<a href="${escaped}">${escaped}</a>` : escaped;
}
