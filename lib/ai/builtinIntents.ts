/**
 * The intents every website's classifier knows before its knowledge base adds its own questions.
 * Training utterances written for this project, in each supported language; the labelled set that
 * scores them (test/fixtures/ai/messages.tsv) is kept apart so the score is not read off the training.
 */
import type { AiLanguage, BuiltinIntent } from './types.js';

type Utterances = Record<AiLanguage, string[]>;

export const BUILTIN_INTENTS: Record<BuiltinIntent, Utterances> = {
  greeting: {
    en: ['hello', 'hi', 'hi there', 'hey', 'good morning', 'good afternoon', 'good evening', 'hello anyone there', 'hey how are you', 'hi I have a question', 'greetings', 'howdy', 'yo'],
    es: ['hola', 'buenos días', 'buenas tardes', 'buenas noches', 'hola qué tal', 'hola hay alguien', 'buenas', 'saludos', 'hola tengo una pregunta', 'hola cómo estás'],
    fr: ['bonjour', 'salut', 'bonsoir', 'coucou', 'bonjour il y a quelqu\'un', 'salut ça va', 'bonjour j\'ai une question', 'hello', 'bonjour à vous', 'rebonjour'],
  },
  thanks: {
    en: ['thanks', 'thank you', 'thanks a lot', 'thank you so much', 'many thanks', 'cheers', 'much appreciated', 'thanks for your help', 'great thanks that helps', 'perfect thank you', 'awesome thanks', 'that solved it thanks'],
    es: ['gracias', 'muchas gracias', 'mil gracias', 'te lo agradezco', 'gracias por la ayuda', 'perfecto gracias', 'genial muchas gracias', 'muy amable gracias', 'se lo agradezco mucho'],
    fr: ['merci', 'merci beaucoup', 'merci bien', 'je vous remercie', 'merci pour votre aide', 'parfait merci', 'super merci', 'c\'est gentil merci', 'merci mille fois'],
  },
  bye: {
    en: ['bye', 'goodbye', 'see you', 'see you later', 'have a nice day', 'that is all bye', 'talk later', 'good night', 'ok bye now', 'nothing else goodbye', 'take care'],
    es: ['adiós', 'hasta luego', 'hasta pronto', 'nos vemos', 'chao', 'que tenga un buen día', 'eso es todo adiós', 'hasta mañana', 'buen día adiós'],
    fr: ['au revoir', 'à bientôt', 'à plus', 'bonne journée', 'bonne soirée', 'ciao', 'c\'est tout au revoir', 'à demain', 'salut à plus tard'],
  },
  human: {
    en: ['I want to talk to a human', 'can I speak to a person', 'connect me to an agent', 'let me talk to someone real', 'I need a real person', 'transfer me to customer service', 'is there a human', 'speak to a representative', 'get me an operator', 'I do not want a bot', 'stop the bot and get me a person', 'talk to support staff', 'put me through to an agent please', 'human please', 'agent', 'representative', 'real person please', 'can a human help me', 'I want to chat with a live agent', 'are you a robot I want a person'],
    es: ['quiero hablar con una persona', 'quiero hablar con un humano', 'pásame con un agente', 'necesito hablar con alguien real', 'con un operador por favor', 'quiero un agente humano', 'no quiero hablar con un robot', 'hay alguna persona', 'comuníqueme con atención al cliente', 'persona real por favor', 'agente por favor', 'quiero hablar con un asesor'],
    fr: ['je veux parler à un humain', 'je voudrais parler à une personne', 'passez-moi un conseiller', 'mettez-moi en relation avec un agent', 'je veux une vraie personne', 'pas un robot s\'il vous plaît', 'un opérateur svp', 'y a-t-il un humain', 'je souhaite parler au service client', 'un conseiller s\'il vous plaît', 'agent humain', 'parler à quelqu\'un de réel'],
  },
  complaint: {
    en: ['this is unacceptable', 'I am very disappointed', 'your service is terrible', 'I am angry about this', 'worst experience ever', 'I want to complain', 'the product arrived broken', 'nobody answers my emails', 'this is a scam', 'I have been waiting for weeks and nothing', 'very bad quality', 'I am not happy at all with your service', 'you charged me twice', 'the item is damaged'],
    es: ['esto es inaceptable', 'estoy muy decepcionado', 'su servicio es pésimo', 'quiero poner una queja', 'el producto llegó roto', 'nadie responde a mis correos', 'es una estafa', 'llevo semanas esperando', 'muy mala calidad', 'estoy muy enfadado', 'me cobraron dos veces'],
    fr: ['c\'est inadmissible', 'je suis très déçu', 'votre service est nul', 'je veux faire une réclamation', 'le produit est arrivé cassé', 'personne ne répond à mes mails', 'c\'est une arnaque', 'j\'attends depuis des semaines', 'très mauvaise qualité', 'je suis furieux', 'vous m\'avez débité deux fois'],
  },
  pricing: {
    en: ['how much does it cost', 'what is the price', 'how much is the pro plan', 'do you have a discount', 'what are your prices', 'is there a free trial', 'pricing for teams', 'how much per month', 'is it expensive', 'can I get a quote', 'price of shipping', 'do you offer student discounts', 'what does the premium plan cost'],
    es: ['cuánto cuesta', 'cuál es el precio', 'tienen descuentos', 'precio del plan pro', 'cuánto es al mes', 'hay prueba gratuita', 'me pueden dar un presupuesto', 'cuáles son sus tarifas', 'es caro', 'precio del envío'],
    fr: ['combien ça coûte', 'quel est le prix', 'avez-vous une réduction', 'prix de l\'abonnement pro', 'combien par mois', 'y a-t-il un essai gratuit', 'pouvez-vous me faire un devis', 'quels sont vos tarifs', 'c\'est cher', 'tarif de la livraison'],
  },
  order_status: {
    en: ['where is my order', 'when will my package arrive', 'track my order', 'has my order shipped', 'order status', 'my parcel has not arrived', 'delivery date of my order', 'tracking number please', 'is my order on its way', 'I ordered last week when does it come', 'what is the status of order 1234'],
    es: ['dónde está mi pedido', 'cuándo llega mi paquete', 'seguimiento de mi pedido', 'ya enviaron mi pedido', 'estado del pedido', 'mi paquete no ha llegado', 'número de seguimiento', 'cuándo recibiré mi compra', 'hice un pedido la semana pasada'],
    fr: ['où est ma commande', 'quand va arriver mon colis', 'suivi de ma commande', 'ma commande est-elle partie', 'statut de la commande', 'mon colis n\'est pas arrivé', 'numéro de suivi', 'quand vais-je recevoir mon achat', 'j\'ai commandé la semaine dernière'],
  },
  cancel: {
    en: ['cancel my order', 'I want to cancel', 'cancel my subscription', 'how do I unsubscribe', 'stop my plan', 'close my account', 'I no longer want the order', 'please cancel the booking', 'end my membership', 'how can I cancel my account'],
    es: ['cancelar mi pedido', 'quiero cancelar', 'cancelar mi suscripción', 'darme de baja', 'cerrar mi cuenta', 'ya no quiero el pedido', 'anular la reserva', 'cómo cancelo mi plan'],
    fr: ['annuler ma commande', 'je veux annuler', 'résilier mon abonnement', 'me désabonner', 'fermer mon compte', 'je ne veux plus la commande', 'annuler la réservation', 'comment résilier mon forfait'],
  },
  refund: {
    en: ['I want a refund', 'can I get my money back', 'how do I return an item', 'refund my payment', 'return policy', 'I want to return this product', 'when will I get my refund', 'reimburse me', 'exchange a product'],
    es: ['quiero un reembolso', 'quiero que me devuelvan el dinero', 'cómo devuelvo un producto', 'política de devoluciones', 'cuándo recibiré el reembolso', 'devolver mi compra', 'cambiar un producto'],
    fr: ['je veux un remboursement', 'je veux être remboursé', 'comment retourner un article', 'politique de retour', 'quand serai-je remboursé', 'renvoyer mon achat', 'échanger un produit'],
  },
  technical: {
    en: ['I cannot log in', 'the app crashes', 'the website is not working', 'I forgot my password', 'error when I pay', 'the page does not load', 'reset my password', 'there is a bug', 'the button does nothing', 'I get an error message', 'login not working'],
    es: ['no puedo iniciar sesión', 'la aplicación se cierra', 'la web no funciona', 'olvidé mi contraseña', 'error al pagar', 'la página no carga', 'restablecer mi contraseña', 'hay un error', 'me sale un mensaje de error'],
    fr: ['je n\'arrive pas à me connecter', 'l\'application plante', 'le site ne marche pas', 'j\'ai oublié mon mot de passe', 'erreur lors du paiement', 'la page ne charge pas', 'réinitialiser mon mot de passe', 'il y a un bug', 'j\'ai un message d\'erreur'],
  },
};
